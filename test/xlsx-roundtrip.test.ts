/**
 * Round trip: a workbook in, workbooks out (the default for .xlsx input), read back by an
 * independent reader, exceljs's non-streaming `Workbook().xlsx.readFile` (the writer uses its
 * streaming writer; the reader here builds the whole model its own way). Cell by cell against
 * what our reader read from the input: types, number formats, the frozen bold header, the
 * autofilter, the highlighted suggestion, and never a formula.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openWorkbook, type XlsxCell, type XlsxInputRow } from '../src/io/xlsx/index.js';
import { ByteBudget } from '../src/io/xlsx/limits.js';
import { readEntry, readZipIndex } from '../src/io/xlsx/zip.js';
import { BIN, FIXTURES, runCli, tempDir, waitFor } from './helpers/cli.js';
import { fullPlace, snapshot } from './helpers/faults.js';
import { readReport } from './helpers/report.js';
import { craftWorkbook, inlineCell, writeZip } from './helpers/xlsx-craft.js';

const XLSX = join(FIXTURES, 'xlsx');
const { ValueType } = ExcelJS;
type Sheet = ExcelJS.Worksheet;
type Cell = ExcelJS.Cell;

async function sheetOf(path: string): Promise<Sheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  expect(book.worksheets).toHaveLength(1);
  return book.worksheets[0]!;
}

/** Runs the CLI offline with the default output format; returns the out dir. */
async function run(input: string, ...args: string[]): Promise<string> {
  const out = tempDir();
  const result = await runCli([input, '--offline', '-q', '-o', out, ...args]);
  expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  return out;
}

async function inputRows(path: string): Promise<{ rows: XlsxInputRow[]; emailColumn: number; columns: number }> {
  const reader = await openWorkbook(path);
  const rows: XlsxInputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { rows, emailColumn: reader.meta.emailColumn, columns: reader.meta.columns };
}

/** A cell read back equals the typed cell read from the input. */
function expectSame(cell: Cell, typed: XlsxCell | undefined, where: string): void {
  const want = typed ?? { type: 'empty' };
  switch (want.type) {
    case 'empty':
      expect(cell.type, where).toBe(ValueType.Null);
      return;
    case 'text':
      expect([ValueType.String, ValueType.RichText], where).toContain(cell.type);
      expect(cell.text, where).toBe(want.value);
      return;
    case 'number':
      expect(cell.type, where).toBe(ValueType.Number);
      expect(cell.value, where).toBe(want.value);
      expect(cell.numFmt, where).toBe(want.numFmt);
      return;
    case 'date':
      expect(cell.type, where).toBe(ValueType.Date);
      expect((cell.value as Date).getTime(), where).toBe(want.value.getTime());
      expect(cell.numFmt, where).toBe(want.numFmt);
      return;
    case 'boolean':
      expect(cell.type, where).toBe(ValueType.Boolean);
      expect(cell.value, where).toBe(want.value);
      return;
    case 'error':
      expect(cell.type, where).toBe(ValueType.Error);
      expect((cell.value as { error: string }).error, where).toBe(want.value);
  }
}

/** The frozen bold header with an autofilter over every row. */
function expectHeader(sheet: Sheet, names: readonly string[]): void {
  expect((sheet.getRow(1).values as unknown[]).slice(1).map((v) => (v as { richText: { text: string }[] }).richText[0]!.text)).toEqual(names);
  for (let c = 1; c <= names.length; c++) expect(sheet.getRow(1).getCell(c).font?.bold).toBe(true);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const last = sheet.getRow(1).getCell(names.length).address.replace(/\d+$/, '');
  expect(sheet.autoFilter).toBe(`A1:${last}${sheet.rowCount}`);
}

/** No formula in any cell, read back, nor in the sheet's XML. */
async function expectNoFormula(path: string, sheet: Sheet): Promise<void> {
  sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type, cell.address).not.toBe(ValueType.Formula)));
  const zip = (await readZipIndex(path, 'out'))!;
  const part = zip.entries.get('xl/worksheets/sheet1.xml')!;
  const chunks: Buffer[] = [];
  for await (const chunk of readEntry(zip, part, { name: 'out', budget: new ByteBudget(64 * 1024 * 1024, 'out') })) chunks.push(chunk);
  expect(Buffer.concat(chunks).toString('utf8')).not.toMatch(/<f[ >]/);
}

describe.each(['students-libreoffice.xlsx', 'students-exceljs.xlsx'])('%s in, .xlsx out', (name) => {
  const input = join(XLSX, name);

  it('writes clean/review/rejected.xlsx, named in report.json', async () => {
    const out = await run(input);
    expect(readdirSync(out).sort()).toEqual(['.kwiga-rows.csv', 'clean.xlsx', 'rejected.xlsx', 'report.html', 'report.json', 'review.xlsx']);
    expect(readReport(out).outputs).toEqual({ clean: 'clean.xlsx', review: 'review.xlsx', rejected: 'rejected.xlsx', html: 'report.html' });
  });

  it('keeps every cell of every row as the input typed it; validation columns after the input’s', async () => {
    const out = await run(input);
    const { rows, emailColumn, columns } = await inputRows(input);
    const sheets = { clean: await sheetOf(join(out, 'clean.xlsx')), review: await sheetOf(join(out, 'review.xlsx')), rejected: await sheetOf(join(out, 'rejected.xlsx')) };
    const byLine = new Map(rows.map((r) => [r.line, r]));
    const flagged = new Set<number>();
    for (const bucket of ['review', 'rejected'] as const) {
      const sheet = sheets[bucket];
      const header = (sheet.getRow(1).values as { richText: { text: string }[] }[]).slice(1).map((v) => v.richText[0]!.text);
      expect(header.slice(columns)).toEqual(['validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action']);
      expectHeader(sheet, header);
      for (let r = 2; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const line = row.getCell(columns + 1);
        expect(line.type).toBe(ValueType.Number);
        const source = byLine.get(line.value as number)!;
        flagged.add(source.line);
        for (let c = 0; c < columns; c++) expectSame(row.getCell(c + 1), source.cells![c], `${bucket} ${row.getCell(c + 1).address}`);
      }
      await expectNoFormula(join(out, `${bucket}.xlsx`), sheet);
    }
    const clean = rows.filter((r) => !flagged.has(r.line));
    const sheet = sheets.clean;
    expect(sheet.rowCount).toBe(clean.length + 1);
    expectHeader(sheet, (sheet.getRow(1).values as { richText: { text: string }[] }[]).slice(1).map((v) => v.richText[0]!.text));
    clean.forEach((source, i) => {
      const row = sheet.getRow(i + 2);
      for (let c = 0; c < columns; c++) {
        const cell = row.getCell(c + 1);
        // The email cell holds the normalized address, as text.
        if (c === emailColumn) expect(cell.text).toBe(source.fields[c]!.trim());
        else expectSame(cell, source.cells![c], `clean ${cell.address}`);
      }
    });
    await expectNoFormula(join(out, 'clean.xlsx'), sheet);
  });
});

describe('for the person reading it', () => {
  it('phones stay text with their + and leading 0, dates stay dates with the input format', async () => {
    const sheet = await sheetOf(join(await run(join(XLSX, 'students-libreoffice.xlsx')), 'clean.xlsx'));
    const phones = [2, 3, 4].map((r) => sheet.getRow(r).getCell(4));
    expect(phones.map((c) => [c.type, c.text])).toEqual([
      [ValueType.RichText, '+380501112233'],
      [ValueType.Number, '380671234567'],
      [ValueType.RichText, '0501112233'],
    ]);
    const date = sheet.getRow(2).getCell(5);
    expect(date.type).toBe(ValueType.Date);
    expect(date.value).toEqual(new Date(Date.UTC(2024, 0, 15)));
  });

  it('the suggestion cell is highlighted where there is one, and only there', async () => {
    const sheet = await sheetOf(join(await run(join(XLSX, 'example-contacts.xlsx')), 'review.xlsx'));
    const header = (sheet.getRow(1).values as { richText: { text: string }[] }[]).slice(1).map((v) => v.richText[0]!.text);
    const column = header.indexOf('validation_suggestion') + 1;
    let highlighted = 0;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const cell = sheet.getRow(r).getCell(column);
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      if (cell.text) {
        expect(fill?.pattern, cell.address).toBe('solid');
        expect(fill?.fgColor?.argb, cell.address).toBe('FFFFEB9C');
        highlighted++;
      } else {
        expect(fill?.pattern ?? 'none', cell.address).toBe('none');
      }
    }
    expect(highlighted).toBeGreaterThanOrEqual(4);
    expect(sheet.getRow(2).getCell(column - 1).fill?.type === 'pattern' && (sheet.getRow(2).getCell(column - 1).fill as ExcelJS.FillPattern).pattern === 'solid').toBe(false);
  });

  it('hostile cells stay text, from a workbook and from a CSV', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+380501112233', '-2+3', '@SUM(A1:A2)', '=cmd|\' /C calc\'!A0'];
    const dir = tempDir();
    const book = join(dir, 'hostile.xlsx');
    const cells = hostile.map((text, i) => `<row r="${i + 2}">${inlineCell(`A${i + 2}`, `student${i}@gmail.com`)}${inlineCell(`B${i + 2}`, text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;'))}</row>`);
    await writeZip(book, craftWorkbook([{ name: 'List', rows: `<row r="1">${inlineCell('A1', 'Email')}${inlineCell('B1', 'Note')}</row>${cells.join('')}` }]));
    const csv = join(dir, 'hostile.csv');
    writeFileSync(csv, `Email,Note\n${hostile.map((t, i) => `student${i}@gmail.com,"${t.replaceAll('"', '""')}"`).join('\n')}\n`);
    for (const [input, args] of [[book, []], [csv, ['--output-format', 'xlsx']]] as const) {
      const path = join(await run(input, ...args), 'clean.xlsx');
      const sheet = await sheetOf(path);
      expect(Array.from({ length: hostile.length }, (_, i) => sheet.getRow(i + 2).getCell(2).text)).toEqual(hostile);
      await expectNoFormula(path, sheet);
    }
  });

  it('CSV in, --output-format xlsx: every cell is text, validation_line a number; the sheet is named after the file', async () => {
    const out = await run(join(FIXTURES, 'example-contacts.csv'), '--output-format', 'xlsx');
    const clean = await sheetOf(join(out, 'clean.xlsx'));
    expect(clean.name).toBe('clean');
    expect(clean.getRow(2).getCell(4).type).toBe(ValueType.RichText);
    expect(clean.getRow(2).getCell(4).text).toBe('+380501112233');
    const rejected = await sheetOf(join(out, 'rejected.xlsx'));
    expect(rejected.name).toBe('rejected');
    const lines = Array.from({ length: rejected.rowCount - 1 }, (_, i) => rejected.getRow(i + 2).getCell(6));
    expect(lines.every((c) => c.type === ValueType.Number)).toBe(true);
    expect(readReport(out).input.format).toBe('csv');
  });

  it('a workbook input keeps its sheet name on the outputs', async () => {
    const sheet = await sheetOf(join(await run(join(XLSX, 'students-exceljs.xlsx')), 'review.xlsx'));
    expect(sheet.name).toBe('Контакти');
  });
});

describe('atomic, like the CSVs', () => {
  it('a run into a folder that held the other format leaves only this run’s tables', async () => {
    const out = tempDir();
    await runCli([join(FIXTURES, 'example-contacts.csv'), '--offline', '-q', '-o', out]);
    expect(readdirSync(out)).toContain('clean.csv');
    await runCli([join(XLSX, 'example-contacts.xlsx'), '--offline', '-q', '-o', out]);
    expect(readdirSync(out).sort()).toEqual(['.kwiga-rows.csv', 'clean.xlsx', 'rejected.xlsx', 'report.html', 'report.json', 'review.xlsx']);
  });

  it('a run whose workbooks cannot be written (a file-size limit, failing as a full disk does) exits 3 and leaves the previous results as they were', async () => {
    const dir = tempDir();
    const input = join(dir, 'big.csv');
    // About 20,000 rows: the workbooks pass the 64 KiB the file-size limit allows.
    writeFileSync(input, `Email,Phone,Note\n${Array.from({ length: 20_000 }, (_, i) => `student${i}@gmail.com,+380${(500000000 + i * 7919) % 999999999},note ${i * 31}`).join('\n')}\n`);
    const out = join(dir, 'out');
    expect((await runCli([input, '--offline', '-q', '--output-format', 'xlsx', '-o', out])).code).toBe(0);
    const before = snapshot(out);
    expect(Object.keys(before)).toContain('clean.xlsx');
    const place = fullPlace('ulimit');
    const result = await place.run([input, '--offline', '-q', '--output-format', 'xlsx', '-o', out]);
    expect(result.code).toBe(3);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/EFBIG/);
    expect(snapshot(out)).toEqual(before);
  });

  it('Ctrl-C while the workbooks are being written: exit 130, no file left, not even the out dir', async () => {
    // Rows come on standard input that is never ended, so the run is surely mid-way (workbooks
    // open, rows written, more awaited) when it is stopped: no race with a run that finishes.
    const out = join(tempDir(), 'out');
    const child = spawn(process.execPath, [BIN, '-', '--offline', '--output-format', 'xlsx', '-o', out], { env: { ...process.env, CI: '1' }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const rows = Array.from({ length: 40_000 }, (_, i) => `student${i}@gmail.com,+380${500000000 + i}\n`).join('');
    await new Promise<void>((resolve, reject) => child.stdin.write(`Email,Phone\n${rows}`, (error) => (error ? reject(error) : resolve())));
    await waitFor(() => existsSync(out) && readdirSync(out).filter((f) => /\.xlsx\.\d+\.partial$/.test(f)).length === 3, 'the run to open its workbooks');
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stderr).toBe('kwiga-validate: stopping…\nkwiga-validate: stopped; no results were written.\n');
    expect(existsSync(out)).toBe(false);
  });
});
