import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../src/io/reader.js';
import type { InputRow } from '../src/model/row.js';
import { openWorkbook, type WorkbookOptions, type XlsxInputRow } from '../src/io/xlsx/reader.js';
import { FIXTURES } from './helpers/cli.js';
import { kwigaFailure } from './helpers/errors.js';

const XLSX = join(FIXTURES, 'xlsx');

async function readAll(name: string, options: WorkbookOptions = {}) {
  const reader = await openWorkbook(join(XLSX, name), options);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, rows, stats: reader.stats };
}

describe('LibreOffice workbook (students-libreoffice.xlsx)', () => {
  it('picks the first sheet with an address column, skips the merged title, subtitle and blank row', async () => {
    const { meta, stats } = await readAll('students-libreoffice.xlsx');
    expect(meta).toMatchObject({
      format: 'xlsx',
      sheet: 'Students',
      file: join(XLSX, 'students-libreoffice.xlsx'),
      encoding: 'utf-8',
      header: ['ID', "Ім'я", 'Email', 'Телефон', 'Дата запису', 'Оплачено', 'Знижка', 'Разом', 'Індекс'],
      emailColumn: 2,
      emailColumnName: 'Email',
      columns: 9,
      firstLine: 4,
    });
    // Rows 1-2: the merged title and the subtitle; rows 3 and 9: blank.
    expect(stats).toEqual({ preambleLines: 2, blankLines: 2 });
  });

  it('gives every value as a person sees it, on the sheet’s own row numbers', async () => {
    const { rows } = await readAll('students-libreoffice.xlsx');
    expect(rows.map((r) => [r.line, ...r.fields])).toEqual([
      [5, '1001', 'Олена', 'olena.kovalenko@gmail.com', '+380501112233', '2024-01-15', '0.1', '15%', '0.3', '01234'],
      [6, '1002', 'Іван', 'ivan.petrenko@ukr.net', '380671234567', '2024-02-01 10:30', '1250.50', '10%', '#N/A', '04000'],
      [7, '1003', 'Марко Россі', 'marco.rossi@libero.it', '0501112233', '1999-12-31', '99.99', '0%', 'VIP-1003', ''],
      [8, '1004', 'Петро', '', '+380501234567', '', '', '', '', ''],
      // A mailto link whose text is a name gives the link's address.
      [10, '1005', 'Софія', 'sofia.melnyk@ukr.net', '', '', '', '', '', ''],
      // LibreOffice writes TRUE as the number 1; 20 digits keep Excel's 15.
      [11, '1006', 'Тарас', 'taras@i.ua', '12345678901234600000', '1', '0.000001', '', '', ''],
    ]);
  });

  it('keeps the typed cells for the writer', async () => {
    const { rows } = await readAll('students-libreoffice.xlsx');
    const [olena, ivan, marko] = rows;
    expect(olena!.cells!.slice(0, 5)).toEqual([
      { type: 'number', value: 1001 },
      { type: 'text', value: 'Олена' },
      { type: 'text', value: 'olena.kovalenko@gmail.com' },
      { type: 'text', value: '+380501112233' },
      // exceljs reads the format's escapes (`dd\.mm\.yyyy`) as the characters they stand for.
      { type: 'date', value: new Date(Date.UTC(2024, 0, 15)), numFmt: 'dd.mm.yyyy' },
    ]);
    expect(olena!.cells![6]).toEqual({ type: 'number', value: 0.15, numFmt: '0%' });
    expect(olena!.cells![8]).toEqual({ type: 'number', value: 1234, numFmt: '00000' });
    expect(ivan!.cells![3]).toEqual({ type: 'number', value: 380671234567 });
    expect(ivan!.cells![4]).toEqual({ type: 'date', value: new Date(Date.UTC(2024, 1, 1, 10, 30)), numFmt: 'yyyy-mm-dd hh:mm' });
    expect(ivan!.cells![7]).toEqual({ type: 'error', value: '#N/A' });
    expect(marko!.cells![7]).toEqual({ type: 'text', value: 'VIP-1003' });
    expect(rows.every((r) => r.cells!.length === r.fields.length)).toBe(true);
  });
});

describe('exceljs workbook (students-exceljs.xlsx: inline strings, no shared-string table)', () => {
  it('reads inline strings, rich text, formulas, errors, dates, a mailto link', async () => {
    const { meta, rows, stats } = await readAll('students-exceljs.xlsx');
    expect(meta).toMatchObject({ sheet: 'Контакти', firstLine: 3, emailColumnName: 'Електронна пошта', columns: 6 });
    expect(stats).toEqual({ preambleLines: 1, blankLines: 1 });
    expect(rows.map((r) => [r.line, ...r.fields])).toEqual([
      [4, 'Олена Коваленко', 'olena.kovalenko@ukr.net', '+380501112233', '1990-05-17', '1250.50', "=cmd|' /C calc'!A0"],
      [5, 'Іван', 'ivan.petrenko@i.ua', '0671234567', '2024-03-01 09:15', '0.3', '#DIV/0!'],
      [6, 'Петро', '', '380931112233', '', '#N/A', 'TRUE'],
      [7, 'Марія', 'maria.rossi@gmail.com', '+39 333 1234567', '2024-02-29', '2501', '-5 кг'],
    ]);
    expect(rows[0]!.cells![5]).toEqual({ type: 'text', value: "=cmd|' /C calc'!A0" });
    expect(rows[1]!.cells![5]).toEqual({ type: 'error', value: '#DIV/0!' });
    expect(rows[2]!.cells![4]).toEqual({ type: 'error', value: '#N/A' });
    expect(rows[2]!.cells![5]).toEqual({ type: 'boolean', value: true });
  });

  it('the sheet without addresses is not chosen, but can be named', async () => {
    const error = await kwigaFailure(readAll('students-exceljs.xlsx', { sheet: 'Нотатки' }));
    expect(error.code).toBe('INPUT');
    expect(error.message).toMatch(/sheet "Нотатки" has no column that looks like email addresses: name it with --email-column/);
    const { meta, rows } = await readAll('students-exceljs.xlsx', { sheet: 'Нотатки', emailColumn: 1 });
    expect(meta.sheet).toBe('Нотатки');
    // Two rows of text and no address: nothing marks the first as a header.
    expect(meta.header).toBeUndefined();
    expect(rows.map((r) => r.fields)).toEqual([
      ['Нотатка', 'Дата'],
      ['Оплати перевірено', 'березень'],
    ]);
  });
});

describe('1904 date system (dates-1904-libreoffice.xlsx)', () => {
  it('dates are counted from 1904-01-01 (LibreOffice writes date1904="true")', async () => {
    const { rows } = await readAll('dates-1904-libreoffice.xlsx');
    expect(rows.map((r) => r.fields)).toEqual([['a@b.com', '2024-01-15']]);
    expect(rows[0]!.cells![1]).toMatchObject({ type: 'date', value: new Date(Date.UTC(2024, 0, 15)) });
  });
});

describe('the bundled example list saved as .xlsx by LibreOffice', () => {
  it('gives the same fields, line for line, as its CSV', async () => {
    const csv = await openInput(join(FIXTURES, 'example-contacts.csv'));
    const csvRows: InputRow[] = [];
    for await (const batch of csv.rows()) csvRows.push(...batch);
    const { meta, rows } = await readAll('example-contacts.xlsx');
    expect(meta.header).toEqual(csv.meta.header);
    expect(meta.emailColumn).toBe(csv.meta.emailColumn);
    expect(rows.map((r) => r.line)).toEqual(csvRows.map((r) => r.line));
    for (const [i, row] of rows.entries()) {
      const expected = csvRows[i]!;
      // Line 21 of the CSV has an unclosed quote (a malformed row); a workbook cannot: it holds
      // the two cells the line meant (fixtures/xlsx/README.md).
      if (expected.malformed) expect(row.fields).toEqual(['Broken', 'Row,with,an unclosed quote', '', '', '']);
      else expect(row.fields).toEqual(expected.fields);
    }
  });
});

describe('--sheet and --email-column', () => {
  it.each([['Archive 2023'], ['archive 2023'], [3], ['3']])('--sheet %j', async (sheet) => {
    const { meta, rows } = await readAll('students-libreoffice.xlsx', { sheet });
    expect(meta.sheet).toBe('Archive 2023');
    expect(meta.emailColumnName).toBe('E-mail');
    expect(rows.map((r) => [r.line, ...r.fields])).toEqual([
      [2, 'Laura Bianchi', 'laura.bianchi@virgilio.it'],
      [3, 'Jan Kowalski', 'jan.kowalski@wp.pl'],
    ]);
  });

  it.each([['Nope'], [9], ['0']])('--sheet %j that is not there: a usage error listing the sheets', async (sheet) => {
    const error = await kwigaFailure(readAll('students-libreoffice.xlsx', { sheet }));
    expect(error.code).toBe('USAGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `students-libreoffice.xlsx has no sheet "${sheet}": its sheets are 1 "Summary", 2 "Students", 3 "Archive 2023"; pick one with --sheet <name|number>`,
    );
  });

  it('a sheet with no address column, named by --sheet', async () => {
    const error = await kwigaFailure(readAll('students-libreoffice.xlsx', { sheet: 'Summary' }));
    expect(error.code).toBe('INPUT');
  });

  it('--email-column by name picks the first sheet that has it', async () => {
    const { meta } = await readAll('students-libreoffice.xlsx', { emailColumn: 'E-mail' });
    expect(meta.sheet).toBe('Archive 2023');
    expect(meta.emailColumn).toBe(1);
  });

  it('--email-column by number', async () => {
    const { meta, rows } = await readAll('students-libreoffice.xlsx', { sheet: 'Students', emailColumn: 3 });
    expect(meta.emailColumnName).toBe('Email');
    expect(rows).toHaveLength(6);
  });

  it('--email-column naming a column no sheet has', async () => {
    const error = await kwigaFailure(readAll('students-libreoffice.xlsx', { emailColumn: 'Courriel' }));
    expect(error.message).toMatch(/has no sheet with a column "Courriel" \(its sheets are 1 "Summary", 2 "Students", 3 "Archive 2023"\)/);
    const narrow = await kwigaFailure(readAll('students-libreoffice.xlsx', { sheet: 2, emailColumn: 40 }));
    expect(narrow.code).toBe('USAGE');
  });
});

describe('stopping', () => {
  it('an aborted signal stops the read with ABORTED', async () => {
    const controller = new AbortController();
    const reader = await openWorkbook(join(XLSX, 'students-libreoffice.xlsx'), { signal: controller.signal });
    controller.abort();
    const error = await kwigaFailure(
      (async () => {
        for await (const _ of reader.rows());
      })(),
    );
    expect(error.code).toBe('ABORTED');
  });
});
