/**
 * Issue 14 with workbooks: when report.json names .xlsx outputs, apply reads review.xlsx and
 * rejected.xlsx back with the workbook reader and writes import.xlsx with the workbook writer,
 * keeping typed cells (a number stays a number). The run's outputs are turned into workbooks here
 * with the same writer the run uses for `--output-format xlsx`, so the test does not depend on
 * the pipeline writing them.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRun, validateFile } from '../src/index.js';
import { AtomicXlsxWriter, openWorkbook, type XlsxWriteValue } from '../src/io/xlsx/index.js';
import { tempDir } from './helpers/temp.js';
import { readApplyReport } from './helpers/report.js';
import { readCsv } from './helpers/spreadsheet.js';

const LIST = ['Name,Email,Age', 'Olena,olena.k@gmail.com,31', 'Ivan,ivan@gmial.com,45', 'Info,info@ukr.net,7', 'Petro,,52', 'Maria,maria@hotmial.com,28'].join('\n');

/** A CSV of the run as a workbook: Age and validation_line as numbers, the rest as text. */
async function toWorkbook(csv: string, xlsx: string, edit: (row: string[], header: string[]) => void = () => undefined): Promise<void> {
  const [header, ...rows] = readCsv(csv) as [string[], ...string[][]];
  const numeric = new Set(['Age', 'validation_line'].map((name) => header.indexOf(name)));
  const writer = new AtomicXlsxWriter(xlsx, `${xlsx}.partial`, 'Sheet1');
  await writer.header(header);
  for (const row of rows) {
    edit(row, header);
    await writer.writeRow(row.map((cell, i): XlsxWriteValue => (numeric.has(i) && cell !== '' ? Number(cell) : cell)));
  }
  await writer.commit();
}

/** The rows of a workbook: text, and whether each Age cell is a number. */
async function readWorkbook(path: string): Promise<{ header: string[] | undefined; rows: string[][]; numbers: boolean[] }> {
  const reader = await openWorkbook(path);
  const rows: string[][] = [];
  const numbers: boolean[] = [];
  for await (const batch of reader.rows()) {
    for (const row of batch) {
      rows.push(row.fields);
      numbers.push(row.cells?.[2]?.type === 'number');
    }
  }
  return { header: reader.meta.header, rows, numbers };
}

describe('apply on a run whose outputs are workbooks', () => {
  it('reads review.xlsx and rejected.xlsx, writes import.xlsx with typed cells', async () => {
    const dir = tempDir('kwiga-apply-xlsx-');
    const input = join(dir, 'list.csv');
    writeFileSync(input, `${LIST}\n`);
    const out = join(dir, 'out');
    await validateFile(input, { offline: true, outDir: out });
    // The person fixes the typo on line 3, drops the role address, and gives Petro an address.
    await toWorkbook(join(out, 'clean.csv'), join(out, 'clean.xlsx'));
    await toWorkbook(join(out, 'review.csv'), join(out, 'review.xlsx'), (row, header) => {
      if (row[header.indexOf('Email')] === 'info@ukr.net') row[header.indexOf('validation_action')] = 'drop';
    });
    await toWorkbook(join(out, 'rejected.csv'), join(out, 'rejected.xlsx'), (row, header) => {
      row[header.indexOf('validation_action')] = 'fix';
      row[header.indexOf('validation_suggestion')] = 'petro@ukr.net';
    });
    for (const file of ['clean.csv', 'review.csv', 'rejected.csv']) rmSync(join(out, file));
    const reportPath = join(out, 'report.json');
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { outputs: Record<string, string> };
    report.outputs = { ...report.outputs, clean: 'clean.xlsx', review: 'review.xlsx', rejected: 'rejected.xlsx' };
    writeFileSync(reportPath, JSON.stringify(report));

    const applied = await applyRun(out);
    expect(applied.outputs.import).toBe('import.xlsx');
    expect(applied.read.review).toEqual({ file: 'review.xlsx', encoding: 'xlsx', delimiter: '', rows: 3 });
    expect(applied.totals).toEqual({ rows: 5, imported: 4, clean: 1, kept: 0, fixed: 3, dropped: 1, deleted: 0, refused: 0, notSelected: 0 });
    const book = await readWorkbook(join(out, 'import.xlsx'));
    expect(book.header).toEqual(['Name', 'Email', 'Age']);
    expect(book.rows).toEqual([
      ['Olena', 'olena.k@gmail.com', '31'],
      ['Ivan', 'ivan@gmail.com', '45'],
      ['Petro', 'petro@ukr.net', '52'],
      ['Maria', 'maria@hotmail.com', '28'],
    ]);
    expect(book.numbers).toEqual([true, true, true, true]);
    // apply-problems.csv stays a CSV, with a BOM so Excel reads it as UTF-8.
    expect(readFileSync(join(out, 'apply-problems.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readApplyReport(out)).toEqual(applied);
  });
});
