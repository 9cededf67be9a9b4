/**
 * Workbooks written by hand (test/helpers/xlsx-craft.ts) for the XML that spreadsheet programs
 * write but the fixtures do not show, and for what exceljs's streaming reader gets wrong alone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KwigaError } from '../src/model/errors.js';
import { openWorkbook, type WorkbookOptions, type XlsxInputRow } from '../src/io/xlsx/reader.js';
import { readSharedStrings } from '../src/io/xlsx/shared-strings.js';
import { filterSheetXml } from '../src/io/xlsx/xml-filter.js';
import { tempDir } from './helpers/temp.js';
import { craftWorkbook, inlineCell, writeZip, type CraftOptions, type CraftPart, type CraftSheet } from './helpers/xlsx-craft.js';

const tmp = tempDir('kwiga-xlsx-crafted-');
let counter = 0;

async function craft(sheets: CraftSheet[], options: CraftOptions = {}, edit?: (parts: CraftPart[]) => CraftPart[]): Promise<string> {
  const path = join(tmp, `book-${counter++}.xlsx`);
  const parts = craftWorkbook(sheets, options);
  await writeZip(path, edit ? edit(parts) : parts);
  return path;
}

async function read(path: string, options: WorkbookOptions = {}) {
  const reader = await openWorkbook(path, options);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, rows, stats: reader.stats };
}

const HEADER = `<row r="1">${inlineCell('A1', 'Name')}${inlineCell('B1', 'Email')}</row>`;

describe('text', () => {
  it('shared strings: rich runs joined, the phonetic guide (rPh) left out, _xHHHH_ escapes decoded', async () => {
    const path = await craft(
      [{ name: 'S', rows: `${HEADER}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>` }],
      {
        sharedStrings: [
          '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>',
          '<si><t>kanji@example.jp</t></si>',
          '<si><r><rPr><b/></rPr><t xml:space="preserve">Line </t></r><r><t>one_x000D_</t></r><r><t>\ntwo</t></r></si>',
          '<si><t>b@example.com</t></si>',
        ],
      },
    );
    const { rows } = await read(path);
    expect(rows.map((r) => r.fields)).toEqual([
      ['漢字', 'kanji@example.jp'],
      ['Line one\r\ntwo', 'b@example.com'],
    ]);
  });

  it('inline strings in several runs keep every run, without the phonetic guide', async () => {
    const cell = '<c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Олена </t></r><r><t>Коваленко</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>';
    const path = await craft([{ name: 'S', rows: `${HEADER}<row r="2">${cell}${inlineCell('B2', 'olena@ukr.net')}</row>` }]);
    const { rows } = await read(path);
    expect(rows[0]!.fields).toEqual(['Олена Коваленко', 'olena@ukr.net']);
  });

  it('Cyrillic text across the 64 KiB chunk boundaries stays whole (exceljs alone would break some letters)', async () => {
    const body: string[] = [HEADER];
    for (let r = 2; r <= 8001; r++) body.push(`<row r="${r}">${inlineCell(`A${r}`, `Олена Коваленко-Шевченко ${r} ґєї`)}${inlineCell(`B${r}`, `user${r}@ukr.net`)}</row>`);
    const { rows } = await read(await craft([{ name: 'S', rows: body.join('') }]));
    expect(rows).toHaveLength(8000);
    expect(rows.filter((r) => r.fields[0] !== `Олена Коваленко-Шевченко ${r.line} ґєї`)).toEqual([]);
  });
});

describe('cell types exceljs’s streaming reader gets wrong alone', () => {
  it('a formula gives its cached value, typed: an error, a boolean, a date, text (shared formulas too)', async () => {
    const rows =
      `<row r="1">${inlineCell('A1', 'Email')}${inlineCell('B1', 'Lookup')}${inlineCell('C1', 'Paid')}${inlineCell('D1', 'Due')}${inlineCell('E1', 'Code')}${inlineCell('F1', 'N')}</row>` +
      `<row r="2">${inlineCell('A2', 'a@b.com')}<c r="B2" t="e"><f>VLOOKUP(1,X:Y,2,0)</f><v>#N/A</v></c><c r="C2" t="b"><f>ISBLANK(Z2)</f><v>1</v></c>` +
      `<c r="D2" s="1"><f>TODAY()</f><v>45306</v></c><c r="E2" t="str"><f>"K-"&amp;F2</f><v>K-7</v></c><c r="F2"><f t="shared" ref="F2:F3" si="0">3+4</f><v>7</v></c></row>` +
      `<row r="3">${inlineCell('A3', 'c@d.com')}<c r="F3"><f t="shared" si="0"/><v>8</v></c></row>`;
    const path = await craft([{ name: 'S', rows }], { cellXfs: [14] });
    const { rows: read_ } = await read(path);
    expect(read_.map((r) => r.fields)).toEqual([
      ['a@b.com', '#N/A', 'TRUE', '2024-01-15', 'K-7', '7'],
      ['c@d.com', '', '', '', '', '8'],
    ]);
    expect(read_[0]!.cells!.slice(1, 3)).toEqual([
      { type: 'error', value: '#N/A' },
      { type: 'boolean', value: true },
    ]);
  });

  it('an ISO date cell (t="d") is a date, not the number 2024', async () => {
    const rows = `<row r="1">${inlineCell('A1', 'Email')}${inlineCell('B1', 'Joined')}</row><row r="2">${inlineCell('A2', 'a@b.com')}<c r="B2" s="1" t="d"><v>2024-01-15T10:30:00</v></c></row>`;
    const path = await craft([{ name: 'S', rows }], { numFmts: [{ id: 164, code: 'yyyy-mm-dd hh:mm' }], cellXfs: [164] });
    const { rows: read_ } = await read(path);
    expect(read_[0]!.fields).toEqual(['a@b.com', '2024-01-15 10:30']);
  });

  it('built-in date formats (numFmtId 14) and a date before 1900-03-01', async () => {
    const rows = `<row r="1">${inlineCell('A1', 'Email')}${inlineCell('B1', 'Born')}</row><row r="2">${inlineCell('A2', 'a@b.com')}<c r="B2" s="1"><v>45306</v></c></row><row r="3">${inlineCell('A3', 'c@d.com')}<c r="B3" s="1"><v>32</v></c></row>`;
    const { rows: read_ } = await read(await craft([{ name: 'S', rows }], { cellXfs: [14] }));
    expect(read_.map((r) => r.fields[1])).toEqual(['2024-01-15', '1900-02-01']);
  });
});

describe('chunk boundaries cut nothing', () => {
  const xml =
    '<sheetData><row r="2"><c r="A2" t="e"><f>IF(A1&gt;0,NA(),1)</f><v>#N/A</v></c><c r="B2"><f t="shared" si="0"/><v>3</v></c>' +
    '<c r="C2" t="inlineStr"><is><r><t>Оле</t></r><r><t>на</t></r></is></c><c r="D2" s="1" t="d"><v>2024-01-15</v></c></row></sheetData>';
  const expected =
    '<sheetData><row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="B2"><v>3</v></c>' +
    '<c r="C2" t="inlineStr"><is><t>Олена</t></is></c><c r="D2" s="1" t="str"><v>2024-01-15</v></c></row></sheetData>';
  const filter = async (pieces: string[]) => {
    let out = '';
    for await (const text of filterSheetXml((async function* () {
      yield* pieces;
    })(), 'x.xlsx')) out += text;
    return out;
  };

  it('whole', async () => {
    expect(await filter([xml])).toBe(expected);
  });

  it('cut at every position', async () => {
    const wrong: number[] = [];
    for (let at = 1; at < xml.length; at++) if ((await filter([xml.slice(0, at), xml.slice(at)])) !== expected) wrong.push(at);
    expect(wrong).toEqual([]);
  });

  it('a sheet whose elements carry a prefix, cut at every position, gives the unprefixed result', async () => {
    const prefixed = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${xml.replace(/<(\/?)(?=[A-Za-z])/g, '<$1x:')}</x:worksheet>`;
    const want = `<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${expected}</worksheet>`;
    const wrong: number[] = [];
    for (let at = 1; at < prefixed.length; at++) if ((await filter([prefixed.slice(0, at), prefixed.slice(at)])) !== want) wrong.push(at);
    expect(wrong).toEqual([]);
  });

  /** The byte positions at which cutting `table` in two gives other strings than `expected`. */
  async function wrongCuts(table: Buffer, expected: string[]): Promise<number[]> {
    const wrong: number[] = [];
    for (let at = 1; at < table.length; at++) {
      const strings = await readSharedStrings((async function* () {
        yield table.subarray(0, at);
        yield table.subarray(at);
      })(), 'x.xlsx');
      if (JSON.stringify(strings) !== JSON.stringify(expected)) wrong.push(at);
    }
    return wrong;
  }

  it('the shared-string table, cut at every byte (inside a Cyrillic letter too)', async () => {
    const table = Buffer.from(
      '<sst><si><t>Олена</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">a </t></r><r><t>&amp; b</t></r></si>' +
        '<si/><si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si><si><t/></si></sst>',
    );
    expect(await wrongCuts(table, ['Олена', 'a & b', '', '漢字', ''])).toEqual([]);
  });

  it('a shared-string table whose elements carry a prefix, cut at every byte', async () => {
    const table = Buffer.from(
      '<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>Олена</x:t></x:si>' +
        '<x:si><x:r><x:t xml:space="preserve">a </x:t></x:r><x:r><x:t>&amp; b</x:t></x:r></x:si><x:si/></x:sst>',
    );
    expect(await wrongCuts(table, ['Олена', 'a & b', ''])).toEqual([]);
  });

  it('a text run longer than any cell is refused', async () => {
    const run = '0'.repeat(300_000);
    await expect(filter(['<c><v>', run, run, '</v></c>'])).rejects.toThrow(/a cell longer than 524,288 characters/);
  });
});

describe('sheet structure', () => {
  it('rows and cells without their optional r attribute follow the last ones', async () => {
    const cell = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    const rows = `<row>${cell('Name')}${cell('Email')}</row><row r="3">${cell('Ivan')}${cell('ivan@i.ua')}</row><row>${cell('Olena')}<c r="C4"><v>7</v></c>${cell('note')}</row>`;
    const { rows: read_, stats } = await read(await craft([{ name: 'S', rows }]));
    expect(read_.map((r) => [r.line, ...r.fields])).toEqual([
      [3, 'Ivan', 'ivan@i.ua'],
      // Cells past the header's width are kept: nothing in a row is lost.
      [4, 'Olena', '', '7', 'note'],
    ]);
    expect(stats.blankLines).toBe(1);
  });

  it('a row of white space or styled empty cells is a blank line, not a contact', async () => {
    const rows = `${HEADER}<row r="2">${inlineCell('A2', ' ')}${inlineCell('B2', '\u00a0')}</row><row r="3"><c r="A3" s="1"/><c r="B3" s="1"/></row><row r="4">${inlineCell('A4', 'Ivan')}${inlineCell('B4', 'ivan@i.ua')}</row>`;
    const { rows: read_, stats } = await read(await craft([{ name: 'S', rows }], { cellXfs: [14] }));
    expect(read_.map((r) => r.line)).toEqual([4]);
    expect(stats).toEqual({ blankLines: 2, preambleLines: 0 });
  });

  it('a sheet without a header row: columns are numbered', async () => {
    const path = await craft([{ name: 'S', rows: `<row r="1">${inlineCell('A1', 'Ivan')}${inlineCell('B1', 'ivan@i.ua')}</row><row r="2">${inlineCell('A2', 'Olena')}${inlineCell('B2', 'olena@i.ua')}</row>` }]);
    const { meta, rows } = await read(path);
    expect(meta.header).toBeUndefined();
    expect(meta.emailColumnName).toBe('column 2');
    expect(rows.map((r) => r.line)).toEqual([1, 2]);
  });

  it('tab order decides, not the order of the parts in the ZIP; hidden sheets come last', async () => {
    const sheet = (email: string) => `${HEADER}<row r="2">${inlineCell('A2', 'X')}${inlineCell('B2', email)}</row>`;
    const path = await craft(
      [
        { name: 'Hidden', rows: sheet('hidden@x.com'), state: 'hidden' },
        { name: 'Second', rows: sheet('second@x.com') },
        { name: 'Third', rows: sheet('third@x.com') },
      ],
      {},
      (parts) => [...parts].reverse(),
    );
    const { meta, rows } = await read(path);
    expect(meta.sheet).toBe('Second');
    expect(rows[0]!.fields[1]).toBe('second@x.com');
    expect((await read(path, { sheet: 1 })).meta.sheet).toBe('Hidden');
  });

  it('a mailto range, a link whose text is itself an address, and an http link', async () => {
    const rows = `${HEADER}<row r="2">${inlineCell('A2', 'Ivan')}${inlineCell('B2', 'Ivan Petrenko')}</row><row r="3">${inlineCell('A3', 'Olena')}${inlineCell('B3', 'Olena K.')}</row><row r="4">${inlineCell('A4', 'Petro')}${inlineCell('B4', 'petro@i.ua')}</row><row r="5">${inlineCell('A5', 'Site')}${inlineCell('B5', 'our site')}</row>`;
    const rels =
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:team%40kwiga.com?subject=Hi" TargetMode="External"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:other@i.ua" TargetMode="External"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://kwiga.com" TargetMode="External"/>';
    const after = '<hyperlinks><hyperlink ref="B2:B3" r:id="rId1"/><hyperlink ref="B4" r:id="rId2"/><hyperlink ref="B5" r:id="rId3"/></hyperlinks>';
    const { rows: read_ } = await read(await craft([{ name: 'S', rows, after, rels }]));
    expect(read_.map((r) => r.fields[1])).toEqual(['team@kwiga.com', 'team@kwiga.com', 'petro@i.ua', 'our site']);
  });

  it('a workbook with no worksheet, and one whose sheets hold no address', async () => {
    const none = await craft([]);
    await expect(read(none)).rejects.toThrow(/has no worksheets/);
    const notes = await craft([{ name: 'Notes', rows: `<row r="1">${inlineCell('A1', 'Note')}</row>` }, { name: 'Stats', rows: '<row r="1"><c r="A1"><v>7</v></c></row>' }]);
    const error = (await read(notes).catch((e: unknown) => e)) as KwigaError;
    expect(error.code).toBe('INPUT');
    expect(error.message).toBe(
      `${join(notes).split('/').pop()} has no sheet with a column that looks like email addresses (its sheets are 1 "Notes", 2 "Stats"): name the sheet with --sheet and the column with --email-column`,
    );
  });

  it('XML that is not well-formed is a plain INPUT error, never a stack trace', async () => {
    const path = await craft([{ name: 'S', rows: `${HEADER}<row r="2"><c r="A2"><v>1</v></x></row>` }]);
    const error = (await read(path).catch((e: unknown) => e)) as KwigaError;
    expect(error).toBeInstanceOf(KwigaError);
    expect(error.code).toBe('INPUT');
    expect(error.message).toMatch(/cannot be read as a workbook \(.+\): open it in Excel and save it again as \.xlsx, or as CSV UTF-8$/);
  });
});

describe('namespace prefixes', () => {
  /** The main-namespace parts as .NET's Open XML SDK writes them: `<x:worksheet xmlns:x="…">`. */
  const prefixed = (parts: CraftPart[]) =>
    parts.map((part) =>
      /^xl\/(workbook|styles|sharedStrings|worksheets\/sheet\d+)\.xml$/.test(part.name) && typeof part.data === 'string'
        ? { ...part, data: part.data.replace(/<(\/?)(?=[A-Za-z])/g, '<$1x:').replace(/xmlns="([^"]+)"/, 'xmlns:x="$1"') }
        : part,
    );

  it('a workbook whose SpreadsheetML elements carry a prefix reads as the same workbook without', async () => {
    const rows = `${HEADER}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row><row r="3"><c r="A3" s="1"><v>45306</v></c><c r="B3" t="inlineStr"><is><t>ivan.petrenko@ukr.net</t></is></c></row>`;
    const sheets = [{ name: 'Контакти', rows }];
    const options: CraftOptions = {
      sharedStrings: ['<si><t>Олена</t></si>', '<si><r><t>olena.kovalenko</t></r><r><t>@gmail.com</t></r></si>'],
      numFmts: [{ id: 164, code: 'dd.mm.yyyy' }],
      cellXfs: [164],
    };
    const plain = await read(await craft(sheets, options));
    const path = await craft(sheets, options, prefixed);
    const { meta, rows: read2 } = await read(path);
    expect(read2.map((r) => r.fields)).toEqual([
      ['Олена', 'olena.kovalenko@gmail.com'],
      ['2024-01-15', 'ivan.petrenko@ukr.net'],
    ]);
    expect(read2.map((r) => r.fields)).toEqual(plain.rows.map((r) => r.fields));
    expect(meta.sheet).toBe('Контакти');
    expect(meta.emailColumn).toBe(1);
  });

  it('Strict Open XML namespaces (purl.oclc.org) read as the transitional ones', async () => {
    const strict = (parts: CraftPart[]) =>
      parts.map((part) =>
        typeof part.data === 'string'
          ? {
              ...part,
              data: part.data
                .replaceAll('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main')
                .replaceAll('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships'),
            }
          : part,
      );
    const { rows } = await read(await craft([{ name: 'S', rows: `${HEADER}<row r="2">${inlineCell('A2', 'Олена')}${inlineCell('B2', 'olena.kovalenko@gmail.com')}</row>` }], {}, strict));
    expect(rows.map((r) => r.fields)).toEqual([['Олена', 'olena.kovalenko@gmail.com']]);
  });
});
