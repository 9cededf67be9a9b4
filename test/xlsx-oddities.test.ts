/**
 * What writers other than LibreOffice and exceljs put in a sheet, crafted small (test/helpers/
 * xlsx-craft.ts): pretty-printed XML, HYPERLINK formulas, rows out of order, group headings
 * merged above the header, built-in format ids exceljs's table lacks, byte order marks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbook, type WorkbookOptions, type XlsxInputRow } from '../src/io/xlsx/reader.js';
import { valueCell } from '../src/io/xlsx/sheet-xml.js';
import { filterSheetXml } from '../src/io/xlsx/xml-filter.js';
import { tempDir } from './helpers/temp.js';
import { craftWorkbook, inlineCell, writeZip, type CraftOptions, type CraftPart, type CraftSheet } from './helpers/xlsx-craft.js';

const tmp = tempDir('kwiga-xlsx-oddities-');
let counter = 0;

async function read(sheets: CraftSheet[], options: CraftOptions = {}, open: WorkbookOptions = {}, edit?: (parts: CraftPart[]) => CraftPart[]) {
  const path = join(tmp, `book-${counter++}.xlsx`);
  const parts = craftWorkbook(sheets, options);
  await writeZip(path, edit ? edit(parts) : parts);
  const reader = await openWorkbook(path, open);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, lines: rows.map((r) => [r.line, ...r.fields]), rows, stats: reader.stats };
}

async function filter(pieces: string[]): Promise<string> {
  let out = '';
  for await (const text of filterSheetXml((async function* () {
    yield* pieces;
  })(), 'x.xlsx')) out += text;
  return out;
}

/** Positions where cutting `xml` in two changes what the filter gives. */
async function badCuts(xml: string): Promise<number[]> {
  const whole = await filter([xml]);
  const wrong: number[] = [];
  for (let at = 1; at < xml.length; at++) if ((await filter([xml.slice(0, at), xml.slice(at)])) !== whole) wrong.push(at);
  return wrong;
}

const HEADER = `<row r="1">${inlineCell('A1', 'Name')}${inlineCell('B1', 'Email')}</row>`;

describe('pretty-printed XML (Gnumeric indents an element a line)', () => {
  const rows =
    '\n    <row r="1">\n      <c r="A1" t="inlineStr">\n        <is>\n          <t>Name</t>\n        </is>\n      </c>\n' +
    '      <c r="B1" t="inlineStr"><is><t>Email</t></is></c>\n    </row>\n' +
    '    <row r="2">\n      <c r="A2" t="inlineStr">\n        <is>\n          <t xml:space="preserve"> Олена </t>\n        </is>\n      </c>\n' +
    '      <c r="B2" t="str">\n        <v>olena@gmail.com</v>\n      </c>\n      <c r="C2" t="e">\n        <v>#N/A</v>\n      </c>\n' +
    '      <c r="D2" t="inlineStr"><is><t xml:space="preserve">  </t></is></c>\n    </row>\n  ';

  it('values keep their own spaces, not the indentation after them', async () => {
    const { lines, rows: read_ } = await read([{ name: 'S', rows }]);
    expect(lines).toEqual([[2, ' Олена ', 'olena@gmail.com', '#N/A', '  ']]);
    expect(read_[0]!.cells![2]).toEqual({ type: 'error', value: '#N/A' });
  });

  it('cut at every position, the same', async () => {
    expect(await badCuts(`<worksheet><sheetData>${rows}</sheetData></worksheet>`)).toEqual([]);
  });
});

describe('HYPERLINK("mailto:…") formulas', () => {
  const cells = [
    // Google Sheets and Excel: the cached text is the name.
    '<c r="B2" t="str"><f>HYPERLINK("mailto:ivan@ukr.net","Іван")</f><v>Іван</v></c>',
    // openpyxl stores no cached value; a subject, an escaped quote in the name.
    '<c r="B3"><f>hyperlink("mailto:olena@i.ua?subject=Hi","""Olena""")</f></c>',
    // The cached text is an address already: kept as it is.
    '<c r="B4" t="str"><f>HYPERLINK("mailto:anna@i.ua","anna@i.ua")</f><v>anna@i.ua</v></c>',
    // Not a literal mailto: the cached value, as for any formula.
    '<c r="B5" t="str"><f>HYPERLINK("https://kwiga.com","Kwiga")</f><v>Kwiga</v></c>',
    '<c r="B6" t="str"><f>HYPERLINK("mailto:"&amp;A6,A6)</f><v>Петро</v></c>',
  ];
  const rows = `${HEADER}${cells.map((c, i) => `<row r="${i + 2}">${inlineCell(`A${i + 2}`, 'x')}${c}</row>`).join('')}`;

  it('give the address when their text is no address', async () => {
    const { lines, rows: read_ } = await read([{ name: 'S', rows }]);
    expect(lines.map((l) => l[2])).toEqual(['ivan@ukr.net', 'olena@i.ua', 'anna@i.ua', 'Kwiga', 'Петро']);
    expect(read_[0]!.cells![1]).toEqual({ type: 'text', value: 'ivan@ukr.net' });
  });

  it('cut at every position, the same', async () => {
    expect(await filter([`<sheetData>${rows}</sheetData>`])).toContain('<c r="B2" t="str"><v>ivan@ukr.net</v></c>');
    expect(await badCuts(`<sheetData>${rows}</sheetData>`)).toEqual([]);
  });
});

describe('sheet structure other writers produce', () => {
  it('rows out of order keep their own numbers; no row is counted blank twice', async () => {
    const row = (n: number, name: string) => `<row r="${n}">${inlineCell(`A${n}`, name)}${inlineCell(`B${n}`, `${name}@ukr.net`)}</row>`;
    const { lines, stats } = await read([{ name: 'S', rows: `${HEADER}${row(2, 'two')}${row(5, 'five')}${row(3, 'three')}${row(6, 'six')}` }]);
    expect(lines).toEqual([
      [2, 'two', 'two@ukr.net'],
      [5, 'five', 'five@ukr.net'],
      [3, 'three', 'three@ukr.net'],
      [6, 'six', 'six@ukr.net'],
    ]);
    expect(stats).toEqual({ blankLines: 2, preambleLines: 0 });
  });

  it('group headings merged above the header are preamble; the same row unmerged is not skipped', async () => {
    const rows =
      `<row r="1">${inlineCell('A1', 'Курс')}</row><row r="2">${inlineCell('A2', 'Контакти')}${inlineCell('C2', 'Оплата')}</row>` +
      `<row r="3">${inlineCell('A3', "Ім'я")}${inlineCell('B3', 'Email')}${inlineCell('C3', 'Сума')}</row>` +
      `<row r="4">${inlineCell('A4', 'Олена')}${inlineCell('B4', 'olena@ukr.net')}<c r="C4"><v>10</v></c></row>`;
    const merged = await read([{ name: 'S', rows, after: '<mergeCells count="2"><mergeCell ref="A2:B2"/><mergeCell ref="C2:D2"/></mergeCells>' }]);
    expect(merged.meta).toMatchObject({ firstLine: 3, header: ["Ім'я", 'Email', 'Сума'], emailColumnName: 'Email' });
    expect(merged.stats).toEqual({ preambleLines: 2, blankLines: 0 });
    expect(merged.lines).toEqual([[4, 'Олена', 'olena@ukr.net', '10']]);
    // Without merges the row may be a contact: as for CSV, nothing above the header is skipped.
    const unmerged = rows.replace(/^<row r="1">.*?<\/row>/, '');
    expect((await read([{ name: 'S', rows: unmerged, after: '<mergeCells count="1"><mergeCell ref="A2:B2"/><mergeCell ref="C2:D2"/></mergeCells>' }])).meta.firstLine).toBe(3);
    const plain = await read([{ name: 'S', rows: unmerged }]);
    expect(plain.meta.firstLine).toBe(2);
    expect(plain.stats.preambleLines).toBe(0);
  });

  it('byte order marks and CRLF line ends in every part', async () => {
    const bom = (parts: CraftPart[]) => parts.map((p) => (typeof p.data === 'string' ? { ...p, data: `\ufeff${p.data.replaceAll('><', '>\r\n<')}` } : p));
    const { lines } = await read([{ name: 'S', rows: `${HEADER}<row r="2">${inlineCell('A2', 'Олена')}<c r="B2" t="s"><v>0</v></c></row>` }], { sharedStrings: ['<si><t>olena@ukr.net</t></si>'] }, {}, bom);
    expect(lines).toEqual([[2, 'Олена', 'olena@ukr.net']]);
  });
});

describe('built-in number formats exceljs’s table gets wrong or lacks', () => {
  it('22 shows a date and time, 44 two decimals, East Asian 31 and 32 a date and a time', async () => {
    const cells = '<c r="A2" s="1"><v>45322.4375</v></c><c r="B2" s="2"><v>1234.5</v></c><c r="C2" s="3"><v>45322</v></c><c r="D2" s="4"><v>0.75</v></c>';
    const rows = `<row r="1">${['A', 'B', 'C', 'D', 'E'].map((c, i) => inlineCell(`${c}1`, ['When', 'Paid', 'Day', 'Time', 'Email'][i]!)).join('')}</row><row r="2">${cells}${inlineCell('E2', 'ivan@ukr.net')}</row>`;
    const { lines, rows: read_ } = await read([{ name: 'S', rows }], { cellXfs: [22, 44, 31, 32] });
    expect(lines).toEqual([[2, '2024-01-31 10:30', '1234.50', '2024-01-31', '18:00', 'ivan@ukr.net']]);
    expect(read_[0]!.cells![0]).toMatchObject({ type: 'date', numFmt: 'm/d/yy h:mm' });
  });

  it('a workbook’s own format under a built-in id wins', async () => {
    const rows = `<row r="1">${inlineCell('A1', 'Paid')}${inlineCell('B1', 'Email')}</row><row r="2"><c r="A2" s="1"><v>5</v></c>${inlineCell('B2', 'ivan@ukr.net')}</row>`;
    const { lines } = await read([{ name: 'S', rows }], { numFmts: [{ id: 44, code: '0.000' }], cellXfs: [44] });
    expect(lines).toEqual([[2, '5.000', 'ivan@ukr.net']]);
  });
});

describe('writer', () => {
  it('an error value Excel does not know is written as text (Excel would repair the file)', () => {
    expect(valueCell('A1', { type: 'error', value: '#N/A' }, 0)).toBe('<c r="A1" t="e"><v>#N/A</v></c>');
    expect(valueCell('A1', { type: 'error', value: 'Err:502' }, 0)).toBe('<c r="A1" t="inlineStr"><is><r><t>Err:502</t></r></is></c>');
  });
});
