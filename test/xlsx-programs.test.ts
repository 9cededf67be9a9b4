/**
 * Workbooks from more writers than LibreOffice and exceljs (fixtures/xlsx/README.md says how each
 * was made): Gnumeric, XlsxWriter, openpyxl, and parts shaped like Excel 365's and Google Sheets'.
 * Each exposed a way the reader went wrong; the expected values are what LibreOffice shows for
 * the same file (its CSV export, "as shown"), but with dates as ISO, no digit grouping, cached
 * formula results (LibreOffice computes some again) and a mailto link's address for its name.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbook, type WorkbookOptions, type XlsxInputRow } from '../src/io/xlsx/reader.js';
import { FIXTURES, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const XLSX = join(FIXTURES, 'xlsx');
const tmp = tempDir('kwiga-xlsx-programs-');

async function readAll(name: string, options: WorkbookOptions = {}) {
  const reader = await openWorkbook(join(XLSX, name), options);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, lines: rows.map((r) => [r.line, ...r.fields]), rows, stats: reader.stats };
}

describe('Gnumeric (students-gnumeric.xlsx: every element on a line of its own)', () => {
  it('reads the same values as the LibreOffice original, without the indentation after them', async () => {
    const gnumeric = await readAll('students-gnumeric.xlsx');
    const original = await readAll('students-libreoffice.xlsx');
    // exceljs added the line break and indentation before `</c>` to inline and formula strings.
    expect(gnumeric.lines).toEqual(original.lines);
    expect(gnumeric.meta.header).toEqual(original.meta.header);
    expect(gnumeric.stats).toEqual(original.stats);
    expect(gnumeric.rows[1]!.cells![7]).toEqual({ type: 'error', value: '#N/A' });
  });
});

describe('XlsxWriter (students-xlsxwriter.xlsx: the XML Excel writes)', () => {
  it('built-in formats 22 (date and time) and 44 (accounting), a HYPERLINK formula as the address', async () => {
    const { meta, lines, stats } = await readAll('students-xlsxwriter.xlsx', { sheet: 'Студенти' });
    expect(meta).toMatchObject({ firstLine: 4, emailColumnName: 'Email', columns: 12 });
    expect(stats).toEqual({ preambleLines: 1, blankLines: 2 });
    expect(lines).toEqual([
      [5, '1', 'Олена', 'olena.kovalenko@gmail.com', '+380501112233', '2024-01-15', '2024-02-01 10:30', '09:05:07', '1234567.89', '15%', 'TRUE', 'olena.kovalenko@gmail.com', '2'],
      // `=HYPERLINK("mailto:marco.rossi@libero.it","Marco Rossi")`: its address, not its name.
      [6, '2', 'Marco', 'marco.rossi@libero.it', '0501112233', '1999-12-31', '2024-03-05 23:59', '', '0.00', '7.50%', 'FALSE', '', '#DIV/0!'],
      [7, '3', '', 'taras@i.ua', '+38 (050) 111-22-33', '', '', '', '', '', '', '', 'xMarco'],
    ]);
  });

  it('by default, the first sheet with an address column; a table object’s sheet reads as any other', async () => {
    expect((await readAll('students-xlsxwriter.xlsx')).meta).toMatchObject({ sheet: 'Team', emailColumnName: 'Work email' });
    const table = await readAll('students-xlsxwriter.xlsx', { sheet: 'Table' });
    expect(table.lines).toEqual([
      [4, '', 'Ірина', 'iryna@ukr.net'],
      [5, '', 'Luca', 'luca@gmail.com'],
    ]);
  });

  it('keeps the built-in date-and-time format for the writer (Excel shows it in its own locale)', async () => {
    const { rows } = await readAll('students-xlsxwriter.xlsx', { sheet: 2 });
    expect(rows[0]!.cells![5]).toEqual({ type: 'date', value: new Date(Date.UTC(2024, 1, 1, 10, 30)), numFmt: 'm/d/yy h:mm' });
    expect(rows[1]!.cells![2]).toEqual({ type: 'text', value: 'marco.rossi@libero.it' });
  });
});

describe('openpyxl (students-openpyxl.xlsx)', () => {
  it('group headings merged above the header are preamble; HYPERLINK without a cached value gives its address', async () => {
    const { meta, lines, stats } = await readAll('students-openpyxl.xlsx', { sheet: 'Students' });
    expect(meta).toMatchObject({ firstLine: 4, emailColumnName: 'E-mail' });
    expect(meta.header).toEqual(['ID', 'Nome', 'E-mail', 'Data', 'Ora', 'Sconto', 'Telefono', 'Link']);
    // Row 1: the title; row 3: "Контакти" over A3:C3 and "Оплата" over D3:F3. Rows 2 and 8 (styled, empty): blank.
    expect(stats).toEqual({ preambleLines: 2, blankLines: 2 });
    expect(lines).toEqual([
      [5, '101', 'Giulia Verdi', 'giulia.verdi@libero.it', '2024-05-06', '08:15:00', '20%', '393401234567', 'giulia.verdi@libero.it'],
      [6, '102', 'Олексій Бондар', 'oleksii.bondar@ukr.net', '2024-05-07 18:45:30', '', '5.00%', '+380 67 123 45 67', ''],
      // A link with ?subject=…; a formula with no cached value (=A7*2) is empty.
      [7, '103', 'Anna Neri', 'anna.neri@tiscali.it', '', '', '', '', ''],
    ]);
  });
});

describe('Excel 365-shaped parts (excel365-handmade.xlsx)', () => {
  it('a hidden first sheet, extLst and mc:AlternateContent, locale and phone formats, formulas of every result type', async () => {
    const { meta, lines, stats } = await readAll('excel365-handmade.xlsx');
    expect(meta).toMatchObject({ sheet: 'Учасники', firstLine: 3, emailColumnName: 'Email', columns: 10 });
    expect(stats).toEqual({ preambleLines: 1, blankLines: 3 });
    expect(lines).toEqual([
      // Excel's phone number format, `[<=9999999]###-####;(###) ###-####`: its second section.
      [4, 'Олена', 'Коваленко', 'olena.kovalenko@gmail.com', '(38050) 111-2233', '2024-01-15', '1250.50 ₴', '15%', 'Перший рядок\r\nдругий', 'olena.kovalenko@gmail.com', 'olena.kovalenko@gmail.com', '8'],
      [5, 'Marco', 'Rossi', 'marco.rossi@libero.it', '+39 333 1234567', '2024-01-16 18:00', 'TRUE', '#N/A', 'Ok & <tag>', 'marco.rossi@libero.it', '', '10'],
      // The address column holds HYPERLINK("mailto:…","Ірина Шевчук") on row 6, a mailto link on row 7.
      [6, 'Ірина', '', 'iryna.shevchuk@ukr.net', '', '2024-01-17', '', '', '', '', '', '12'],
      [7, 'Анна Б.', '', 'anna.bondarenko@i.ua', '', '2024-01-18', '', '', '', '', '', '14'],
      // 501112233 in `0##\ ###\ ##\ ##`: the leading 0 of a Ukrainian mobile number.
      [8, 'Петро', ' Петренко ', 'petro.petrenko@gmail.com', '050 111 22 33', '06:00:00', '', '', '', '', 'Marco', '16'],
      [9, '', '', '', '', '', '', '', '', '', 'Олена'],
      [12, 'Останній', '', 'last@i.ua', '', '', '', '', '', '', ''],
    ]);
  });
});

describe('Google Sheets-shaped parts (google-sheets-handmade.xlsx)', () => {
  it('HYPERLINK formulas in the address column give addresses; numbers as 3.8E11 and 45307.0', async () => {
    const { meta, lines, stats } = await readAll('google-sheets-handmade.xlsx');
    expect(meta).toMatchObject({ sheet: 'Form Responses 1', firstLine: 1, emailColumnName: 'Email Address' });
    expect(stats).toEqual({ preambleLines: 0, blankLines: 1 });
    expect(lines).toEqual([
      [2, '2024-01-15 11:00:01', 'olena@gmail.com', 'Олена Коваленко', '+380501112233', '₴1250.50', 'TRUE'],
      [3, '2024-01-16 00:00:00', 'ivan.petrenko@ukr.net', 'Іван Петренко', '380671234567', '₴0.00', 'FALSE'],
      // HYPERLINK with the URL only shows the URL, as Google Sheets does.
      [4, '2024-01-17', 'mailto:marco.rossi@libero.it', 'Marco Rossi', '', '25.00%', ''],
      [6, '12:30', 'anna@i.ua', 'anna@i.ua', '', '', ''],
    ]);
  });

  it('through the CLI: the HYPERLINK rows are addresses, checked as any other', async () => {
    const out = join(tmp, 'google');
    const result = await runCli([join(XLSX, 'google-sheets-handmade.xlsx'), '--offline', '--output-format', 'csv', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.totals).toMatchObject({ rows: 4, rejected: 0 });
    expect(report.input).toMatchObject({ sheet: 'Form Responses 1', emailColumn: 'Email Address', rows: 4 });
  });
});
