/**
 * The xlsx writer, checked by an independent reader: exceljs's non-streaming
 * `Workbook().xlsx.readFile` (a different code path from the streaming reader we read with), and
 * the raw XML for what must never be there (formulas).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { XlsxCell } from '../src/io/xlsx/cell.js';
import { ByteBudget } from '../src/io/xlsx/limits.js';
import { openWorkbook, type XlsxInputRow } from '../src/io/xlsx/reader.js';
import { AtomicXlsxWriter, sheetTitle, type XlsxWriteValue } from '../src/io/xlsx/writer.js';
import { readEntry, readZipIndex } from '../src/io/xlsx/zip.js';
import { FIXTURES } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const XLSX = join(FIXTURES, 'xlsx');
const tmp = tempDir('kwiga-xlsx-writer-');
let counter = 0;
const VALIDATION = ['validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action'];
const HOSTILE = ['=1+1', '+1', '-2', '@SUM(A1:A9)', "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")'];

async function readRows(path: string) {
  const reader = await openWorkbook(path);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, rows };
}

/** Writes a review-style workbook: the input's cells, then the validation columns. */
async function writeReview(input: string): Promise<{ path: string; header: string[]; rows: XlsxInputRow[] }> {
  const { meta, rows } = await readRows(input);
  const path = join(tmp, `review-${counter++}.xlsx`);
  const writer = new AtomicXlsxWriter(path, `${path}.partial`, meta.sheet);
  const header = [...meta.header!, ...VALIDATION];
  await writer.header(header, { highlight: ['validation_suggestion'] });
  for (const row of rows) {
    const suggestion = row.line % 2 ? `fixed${row.line}@gmail.com` : '';
    await writer.writeRow([...row.cells!, row.line, 'possible_typo', 'The domain looks like a misspelling.', suggestion, 'fix']);
  }
  await writer.writeRow([...HOSTILE, '0501112233', '+380501112233']);
  await writer.commit();
  return { path, header, rows };
}

async function readBack(path: string): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  expect(book.worksheets).toHaveLength(1);
  return book.worksheets[0]!;
}

/** The sheet's raw XML. */
async function sheetXml(path: string): Promise<string> {
  const zip = (await readZipIndex(path, 'out.xlsx'))!;
  let xml = '';
  for await (const chunk of readEntry(zip, zip.entries.get('xl/worksheets/sheet1.xml')!, { name: 'out.xlsx', budget: new ByteBudget(1e9, 'x') })) xml += chunk.toString();
  return xml;
}

const text = (cell: ExcelJS.Cell) => (cell.type === ExcelJS.ValueType.RichText ? (cell.value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') : cell.value);

describe('round trip: xlsx in, xlsx out, read back independently', () => {
  it('typed cells keep their type and number format; text stays text', async () => {
    const { path } = await writeReview(join(XLSX, 'students-libreoffice.xlsx'));
    const sheet = await readBack(path);
    expect(sheet.name).toBe('Students');
    const olena = sheet.getRow(2);
    expect(olena.getCell(1).value).toBe(1001);
    expect(olena.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(olena.getCell(2).type).toBe(ExcelJS.ValueType.RichText);
    expect(text(olena.getCell(2))).toBe('Олена');
    expect(text(olena.getCell(4))).toBe('+380501112233');
    expect(olena.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect(olena.getCell(5).value).toEqual(new Date(Date.UTC(2024, 0, 15)));
    expect(olena.getCell(5).numFmt).toBe('dd.mm.yyyy');
    expect(olena.getCell(7).value).toBe(0.15);
    expect(olena.getCell(7).numFmt).toBe('0%');
    expect(olena.getCell(9).value).toBe(1234);
    expect(olena.getCell(9).numFmt).toBe('00000');
    const ivan = sheet.getRow(3);
    expect(ivan.getCell(4).value).toBe(380671234567);
    expect(ivan.getCell(5).value).toEqual(new Date(Date.UTC(2024, 1, 1, 10, 30)));
    expect(ivan.getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(ivan.getCell(8).value).toEqual({ error: '#N/A' });
    expect(text(sheet.getRow(4).getCell(4))).toBe('0501112233');
    // The validation columns come after the input's; validation_line is a number.
    expect(olena.getCell(10).value).toBe(5);
    expect(text(olena.getCell(11))).toBe('possible_typo');
  });

  it('reading the output back gives the same fields as the input', async () => {
    const { path, rows } = await writeReview(join(XLSX, 'students-libreoffice.xlsx'));
    const back = await readRows(path);
    expect(back.rows.slice(0, rows.length).map((r) => r.fields.slice(0, 9))).toEqual(rows.map((r) => r.fields));
    expect(back.rows.slice(0, rows.length).map((r) => r.cells!.slice(0, 9))).toEqual(rows.map((r) => r.cells));
  });

  it('a 1904 workbook written in the 1900 system shows the same dates', async () => {
    const { path, rows } = await writeReview(join(XLSX, 'dates-1904-libreoffice.xlsx'));
    const back = await readRows(path);
    expect(back.rows[0]!.fields.slice(0, 2)).toEqual(rows[0]!.fields);
    expect(back.rows[0]!.fields[1]).toBe('2024-01-15');
  });

  it('the header is bold and frozen, the autofilter covers every row, the suggestion is highlighted', async () => {
    const { path, header, rows } = await writeReview(join(XLSX, 'students-libreoffice.xlsx'));
    const sheet = await readBack(path);
    expect(sheet.getRow(1).values).toEqual([undefined, ...header.map((name) => ({ richText: [{ text: name }] }))]);
    header.forEach((_, i) => expect(sheet.getRow(1).getCell(i + 1).font?.bold).toBe(true));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(sheet.autoFilter).toBe(`A1:N${rows.length + 2}`);
    const column = header.indexOf('validation_suggestion') + 1;
    const fills = rows.map((_, i) => (sheet.getRow(i + 2).getCell(column).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb);
    expect(fills).toEqual(rows.map((r) => (r.line % 2 ? 'FFFFEB9C' : undefined)));
    expect(sheet.getRow(2).getCell(column - 1).fill).toBeUndefined();
    expect(rows.filter((r) => r.line % 2 === 0).map((r) => sheet.getRow(rows.indexOf(r) + 2).getCell(column).type)).toEqual(
      rows.filter((r) => r.line % 2 === 0).map(() => ExcelJS.ValueType.Null),
    );
  });

  it('never a formula: hostile text stays text, and no <f> is written', async () => {
    const { path, rows } = await writeReview(join(XLSX, 'students-exceljs.xlsx'));
    const sheet = await readBack(path);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    const last = sheet.getRow(rows.length + 2);
    expect(HOSTILE.map((_, i) => last.getCell(i + 1).type)).toEqual(HOSTILE.map(() => ExcelJS.ValueType.RichText));
    expect(HOSTILE.map((_, i) => text(last.getCell(i + 1)))).toEqual(HOSTILE);
    expect(text(sheet.getRow(2).getCell(6))).toBe("=cmd|' /C calc'!A0");
    const xml = await sheetXml(path);
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).toContain(`<c r="A${rows.length + 2}" t="inlineStr"><is><r><t>=1+1</t></r></is></c>`);
  });

  it('plain strings (rows from a CSV) are all text: nothing turns into a number or date', async () => {
    const path = join(tmp, 'from-csv.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'clean');
    await writer.header(['Phone', 'Zip', 'Code', 'Date', 'Empty']);
    await writer.writeRow(['+380501112233', '01234', '1e5', '2024-01-15', '']);
    await writer.commit();
    const row = (await readBack(path)).getRow(2);
    expect([1, 2, 3, 4].map((c) => row.getCell(c).type)).toEqual([1, 2, 3, 4].map(() => ExcelJS.ValueType.RichText));
    expect([1, 2, 3, 4].map((c) => text(row.getCell(c)))).toEqual(['+380501112233', '01234', '1e5', '2024-01-15']);
    expect(row.getCell(5).type).toBe(ExcelJS.ValueType.Null);
  });

  it('every cell type is written typed', async () => {
    const path = join(tmp, 'types.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'types');
    const cells: XlsxWriteValue[] = [
      { type: 'text', value: ' spaced ' },
      { type: 'number', value: 0.30000000000000004 },
      { type: 'number', value: 1250.5, numFmt: '#,##0.00' },
      { type: 'date', value: new Date(Date.UTC(2024, 1, 29, 9, 15)), numFmt: 'yyyy-mm-dd hh:mm' },
      { type: 'boolean', value: false },
      { type: 'error', value: '#DIV/0!' },
      { type: 'empty' } satisfies XlsxCell,
      42,
    ];
    await writer.header(cells.map((_, i) => `c${i + 1}`));
    await writer.writeRow(cells);
    await writer.commit();
    const row = (await readBack(path)).getRow(2);
    expect(text(row.getCell(1))).toBe(' spaced ');
    expect(row.getCell(2).value).toBe(0.30000000000000004);
    expect([row.getCell(3).value, row.getCell(3).numFmt]).toEqual([1250.5, '#,##0.00']);
    expect([row.getCell(4).value, row.getCell(4).numFmt]).toEqual([new Date(Date.UTC(2024, 1, 29, 9, 15)), 'yyyy-mm-dd hh:mm']);
    expect(row.getCell(5).value).toBe(false);
    expect(row.getCell(6).value).toEqual({ error: '#DIV/0!' });
    expect(row.getCell(7).type).toBe(ExcelJS.ValueType.Null);
    expect(row.getCell(8).value).toBe(42);
  });
});

describe('text XML cannot hold as is', () => {
  it('control characters, lone surrogates and escape look-alikes come back as written', async () => {
    const path = join(tmp, 'escapes.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'escapes');
    const texts = ['a\u000Bb', 'tab\there', 'literal _x0041_ here', 'x_x005F_y', 'half \uD83D surrogate', '<b>&amp;</b>', ' two\nlines '];
    await writer.header(['Email', 'Note']);
    for (const [i, t] of texts.entries()) await writer.writeRow([`user${i}@gmail.com`, t]);
    await writer.commit();
    const { rows } = await readRows(path);
    // Our reader gives each back as written, but for `&amp;` typed as text in an inline string,
    // which exceljs decodes twice (docs/xlsx.md, known gaps): the file holds `&amp;amp;`.
    expect(rows.map((r) => r.fields[1])).toEqual(texts.map((t) => t.replace('&amp;', '&')));
    expect(await sheetXml(path)).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    const sheet = await readBack(path);
    // exceljs decodes the ST_Xstring escapes too: every text as written.
    expect(texts.map((_, i) => text(sheet.getRow(i + 2).getCell(2)))).toEqual(texts);
  });

  it('a built-in number format goes back to its id, others are the workbook’s own', async () => {
    const path = join(tmp, 'formats.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'formats');
    await writer.writeRow([
      { type: 'date', value: new Date(Date.UTC(2024, 0, 15)), numFmt: 'mm-dd-yy' },
      { type: 'date', value: new Date(Date.UTC(2024, 0, 15)), numFmt: 'dd.mm.yyyy' },
      { type: 'number', value: 0.5, numFmt: '0%' },
    ]);
    await writer.commit();
    const zip = (await readZipIndex(path, 'formats.xlsx'))!;
    let styles = '';
    for await (const chunk of readEntry(zip, zip.entries.get('xl/styles.xml')!, { name: 'formats.xlsx', budget: new ByteBudget(1e6, 'x') })) styles += chunk.toString();
    expect(styles).toContain('<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>');
    expect(styles).toMatch(/<xf numFmtId="14" /);
    expect(styles).toMatch(/<xf numFmtId="9" /);
    const row = (await readBack(path)).getRow(1);
    expect([row.getCell(1).numFmt, row.getCell(2).numFmt, row.getCell(3).numFmt]).toEqual(['mm-dd-yy', 'dd.mm.yyyy', '0%']);
  });
});

describe('atomic', () => {
  it('nothing at the final path until commit; discard leaves nothing', async () => {
    const dir = tempDir('kwiga-xlsx-atomic-');
    const path = join(dir, 'clean.xlsx');
    const writer = new AtomicXlsxWriter(path, join(dir, '.clean.xlsx.partial'), 'clean');
    await writer.header(['Email']);
    for (let i = 0; i < 3000; i++) await writer.writeRow([`user${i}@example.com`]);
    expect(existsSync(path)).toBe(false);
    await writer.close();
    expect(existsSync(path)).toBe(false);
    expect(writer.rows).toBe(3000);
    await writer.commit();
    expect(readdirSync(dir)).toEqual(['clean.xlsx']);

    const second = new AtomicXlsxWriter(join(dir, 'review.xlsx'), join(dir, '.review.xlsx.partial'), 'review');
    await second.header(['Email']);
    await second.writeRow(['a@b.com']);
    await second.discard();
    expect(readdirSync(dir)).toEqual(['clean.xlsx']);
  });

  it('a folder that does not exist fails the write', async () => {
    const path = join(tmp, 'missing', 'clean.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'clean');
    await writer.header(['Email']);
    await expect(
      (async () => {
        for (let i = 0; i < 2000; i++) await writer.writeRow(['a@b.com']);
        await writer.close();
      })(),
    ).rejects.toThrow(/ENOENT/);
    await writer.discard();
  });

  it('a list without a header row gets none: no frozen row, no autofilter', async () => {
    const path = join(tmp, 'no-header.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'clean');
    await writer.writeRow(['Ivan', 'ivan@i.ua']);
    await expect(writer.header(['late'])).rejects.toThrow(/header\(\) must come first/);
    await writer.commit();
    const sheet = await readBack(path);
    expect(text(sheet.getRow(1).getCell(2))).toBe('ivan@i.ua');
    expect(sheet.autoFilter).toBeUndefined();
    expect(sheet.views ?? []).not.toContainEqual(expect.objectContaining({ state: 'frozen' }));
  });

  it('an empty list is still a workbook', async () => {
    const path = join(tmp, 'empty.xlsx');
    const writer = new AtomicXlsxWriter(path, `${path}.partial`, 'rejected');
    await writer.header(['Email', ...VALIDATION]);
    await writer.commit();
    const sheet = await readBack(path);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.autoFilter).toBe('A1:F1');
  });

  it('tab names are made valid for Excel', () => {
    expect(sheetTitle('Students [2024]: a/b?')).toBe('Students _2024__ a_b_');
    expect(sheetTitle('x'.repeat(40))).toHaveLength(31);
    expect(sheetTitle("'quoted'")).toBe('quoted');
    expect(sheetTitle('')).toBe('Sheet1');
  });
});
