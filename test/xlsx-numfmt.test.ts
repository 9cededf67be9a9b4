import { describe, expect, it } from 'vitest';
import { cellText, toCell } from '../src/io/xlsx/cell.js';
import { dateParts, dateToSerial, formatDate, formatGeneral, formatNumber, serialToDate } from '../src/io/xlsx/numfmt.js';

describe('formatGeneral: 15 significant digits, never scientific', () => {
  it.each([
    [42, '42'],
    [42.0, '42'],
    [-7, '-7'],
    [0, '0'],
    [-0, '0'],
    [0.1 + 0.2, '0.3'],
    [1.1 * 3, '3.3'],
    [380671234567, '380671234567'],
    [380501112233, '380501112233'],
    [12345678901234567890, '12345678901234600000'],
    [1e21, '1000000000000000000000'],
    [0.000001, '0.000001'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [123.456, '123.456'],
    [2 / 3, '0.666666666666667'],
  ])('%s → %s', (value, text) => {
    expect(formatGeneral(value)).toBe(text);
  });
});

describe('formatNumber: the format decides decimals, percent, leading zeros, literal text', () => {
  it.each([
    [0.1 + 0.2, '0.00', '0.30'],
    [1250.5, '#,##0.00', '1250.50'],
    [1234567.891, '#,##0.00', '1234567.89'],
    [1.005, '0.00', '1.01'],
    [0.995, '0.00', '1.00'],
    [99.995, '0.00', '100.00'],
    [2.5, '0', '3'],
    [-2.5, '0', '-3'],
    [0.15, '0%', '15%'],
    [0.1234, '0.00%', '12.34%'],
    [1234, '00000', '01234'],
    [4000, '00000', '04000'],
    [0.5, '#.00', '0.50'],
    [380671234567, '+0', '+380671234567'],
    [1234.5, '"UAH "#,##0.00', 'UAH 1234.50'],
    [1234.5, '#,##0.00 [$€-407]', '1234.50 €'],
    [12.5, '#,##0.00\\ "грн"', '12.50 грн'],
    [-5, '0.00;(0.00)', '(5.00)'],
    [-5, '0.00;[Red]-0.00', '-5.00'],
    [-5, '0.00', '-5.00'],
    [0, '0.00;-0.00;"—"', '0.00'],
    [1234, '_-* #,##0_-;-* #,##0_-', '1234'],
    [12345, '0.00E+00', '12345'],
    [0.75, '# ?/?', '0.75'],
    // Text between the digits of a whole number (phone numbers stored as numbers): Excel's fill,
    // from the right, extra digits into the first placeholder.
    [380671234567, '000-00-00', '38067123-45-67'],
    [501112233, '0## ### ## ##', '050 111 22 33'],
    [501112233, '(0##) ###-##-##', '(050) 111-22-33'],
    [5, '000-00-00', '000-00-05'],
    [0, '###-####', '-'],
    [-5, '000-00-00', '-000-00-05'],
    // Excel's phone number format: a condition picks the section.
    [380501112233, '[<=9999999]###-####;(###) ###-####', '(38050) 111-2233'],
    [1234567, '[<=9999999]###-####;(###) ###-####', '123-4567'],
    [5, '[>100]0" big";[>10]0" mid";0.0', '5.0'],
    [50, '[>100]0" big";[>10]0" mid";0.0', '50 mid'],
    [1.5, '0-0.0', '1.5'],
    // Accounting's zero section (`"-"??`) shows a dash, no digit.
    [0, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', '$-'],
    [-5, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', '$(5.00)'],
    [5, 'General', '5'],
    [5, '@', '5'],
    [7, '0;;', '7'],
    [-7, '0;;', '-7'],
  ])('%s in %j → %s', (value, format, text) => {
    expect(formatNumber(value, format)).toBe(text);
  });
});

describe('dateParts: Excel date and time formats', () => {
  it.each([
    ['dd.mm.yyyy', { date: true, time: false, seconds: false, elapsed: false }],
    ['dd\\.mm\\.yyyy', { date: true, time: false, seconds: false, elapsed: false }],
    ['yyyy\\-mm\\-dd\\ hh:mm', { date: true, time: true, seconds: false, elapsed: false }],
    ['m/d/yy h:mm', { date: true, time: true, seconds: false, elapsed: false }],
    ['mm-dd-yy', { date: true, time: false, seconds: false, elapsed: false }],
    ['[$-409]mmmm d, yyyy;@', { date: true, time: false, seconds: false, elapsed: false }],
    ['h:mm AM/PM', { date: false, time: true, seconds: false, elapsed: false }],
    ['hh:mm:ss', { date: false, time: true, seconds: true, elapsed: false }],
    ['mm:ss', { date: false, time: true, seconds: true, elapsed: false }],
    ['[h]:mm', { date: false, time: true, seconds: false, elapsed: true }],
  ])('%j is a date format', (format, parts) => {
    expect(dateParts(format)).toEqual(parts);
  });
  it.each(['General', '@', '0.00', '#,##0.00 "days"', '[Red]0.00', '0%', '"Date: "0', '[$€-407] #,##0.00', '_-* #,##0_-'])(
    '%j is not',
    (format) => {
      expect(dateParts(format)).toBeUndefined();
    },
  );
});

describe('serial numbers: the 1900 and 1904 date systems', () => {
  const iso = (serial: number, date1904 = false) => serialToDate(serial, date1904)!.toISOString();
  it.each([
    [1, '1900-01-01T00:00:00.000Z'],
    [59, '1900-02-28T00:00:00.000Z'],
    [61, '1900-03-01T00:00:00.000Z'],
    [36525, '1999-12-31T00:00:00.000Z'],
    [45306, '2024-01-15T00:00:00.000Z'],
    [45323.4375, '2024-02-01T10:30:00.000Z'],
    [45351.99998, '2024-02-29T23:59:58.000Z'],
    // Shown to the second, as Excel rounds: 23:59:59.914 is midnight.
    [45351.999999, '2024-03-01T00:00:00.000Z'],
  ])('1900: %s is %s', (serial, date) => {
    expect(iso(serial)).toBe(date);
  });
  it('1904: serial 0 is 1904-01-01 and 43844 is 2024-01-15', () => {
    expect(iso(0, true)).toBe('1904-01-01T00:00:00.000Z');
    expect(iso(43844, true)).toBe('2024-01-15T00:00:00.000Z');
  });
  it('outside Excel’s range there is no date', () => {
    expect(serialToDate(-1, false)).toBeUndefined();
    expect(serialToDate(3e6, false)).toBeUndefined();
  });
  it('dateToSerial undoes serialToDate in both systems', () => {
    for (const serial of [1, 59, 61, 45306.25]) expect(dateToSerial(serialToDate(serial, false)!, false)).toBeCloseTo(serial, 8);
    expect(dateToSerial(serialToDate(43844.5, true)!, true)).toBeCloseTo(43844.5, 8);
  });
  it('formats dates as ISO, with the time only when the format shows one', () => {
    const date = serialToDate(45323.4375, false)!;
    expect(formatDate(date, dateParts('dd.mm.yyyy')!)).toBe('2024-02-01');
    expect(formatDate(date, dateParts('dd.mm.yyyy hh:mm')!)).toBe('2024-02-01 10:30');
    expect(formatDate(date, dateParts('hh:mm:ss')!)).toBe('10:30:00');
    expect(formatDate(serialToDate(1.5, true)!, dateParts('[h]:mm')!)).toBe('36:00');
  });
});

describe('toCell and cellText: a cell typed and as a person sees it', () => {
  it.each([
    ['text', 'Олена', undefined, { type: 'text', value: 'Олена' }, 'Олена'],
    ['phone as text', '+380501112233', undefined, { type: 'text', value: '+380501112233' }, '+380501112233'],
    ['escaped CR', 'a_x000D_b', undefined, { type: 'text', value: 'a\rb' }, 'a\rb'],
    ['text that looks like an error stays text', '#N/A', undefined, { type: 'text', value: '#N/A' }, '#N/A'],
    ['number', 380671234567, undefined, { type: 'number', value: 380671234567 }, '380671234567'],
    ['number in General', 7, 'General', { type: 'number', value: 7 }, '7'],
    ['number with format', 0.15, '0%', { type: 'number', value: 0.15, numFmt: '0%' }, '15%'],
    ['boolean', true, undefined, { type: 'boolean', value: true }, 'TRUE'],
    ['rich text', { richText: [{ text: 'Марко ' }, { text: 'Россі' }] }, undefined, { type: 'text', value: 'Марко Россі' }, 'Марко Россі'],
    ['formula with a cached number', { formula: 'F5+0.2', result: 0.30000000000000004 }, undefined, { type: 'number', value: 0.30000000000000004 }, '0.3'],
    ['formula with a cached error', { formula: 'NA()', result: { error: '#N/A' } }, undefined, { type: 'error', value: '#N/A' }, '#N/A'],
    ['formula without a cached value', { formula: 'A1' }, undefined, { type: 'empty' }, ''],
    ['error value', { error: '#REF!' }, undefined, { type: 'error', value: '#REF!' }, '#REF!'],
    ['empty', null, undefined, { type: 'empty' }, ''],
  ])('%s', (_, value, numFmt, cell, text) => {
    const typed = toCell(value, numFmt, false);
    expect(typed).toEqual(cell);
    expect(cellText(typed)).toBe(text);
  });
  it('a date-formatted serial is a date cell; exceljs’s Date is taken back to its serial', () => {
    const fromSerial = toCell(45306, 'dd.mm.yyyy', false);
    expect(fromSerial).toEqual({ type: 'date', value: new Date(Date.UTC(2024, 0, 15)), numFmt: 'dd.mm.yyyy' });
    // exceljs's utils.excelToDate for the same serial.
    const fromExceljs = toCell(new Date(Math.round((45306 - 25569) * 86_400_000)), 'dd.mm.yyyy', false);
    expect(fromExceljs).toEqual(fromSerial);
    expect(cellText(toCell(43844, 'yyyy-mm-dd', true))).toBe('2024-01-15');
  });
  it('an ISO date cell (t="d", read as text) with a date format is a date', () => {
    expect(toCell('2024-01-15T10:30:00', 'yyyy-mm-dd hh:mm', false)).toEqual({
      type: 'date',
      value: new Date(Date.UTC(2024, 0, 15, 10, 30)),
      numFmt: 'yyyy-mm-dd hh:mm',
    });
    expect(toCell('2024-01-15', undefined, false)).toEqual({ type: 'text', value: '2024-01-15' });
  });
});
