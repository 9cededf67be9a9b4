/**
 * ZIP bombs and oversized workbooks are refused with an INPUT error (exit 2) while they inflate,
 * never read into memory: real bombs, crafted here into a temporary folder.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KwigaError } from '../src/model/errors.js';
import { DEFAULT_LIMITS, resolveLimits } from '../src/io/xlsx/limits.js';
import { openWorkbook, type WorkbookOptions } from '../src/io/xlsx/reader.js';
import { tempDir } from './helpers/temp.js';
import { craftWorkbook, inlineCell, writeZip, type CraftOptions, type CraftPart, type CraftSheet } from './helpers/xlsx-craft.js';
import { kwigaFailure } from './helpers/errors.js';

const tmp = tempDir('kwiga-xlsx-limits-');
let counter = 0;
const MiB = 1024 * 1024;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

async function craft(sheets: CraftSheet[], options: CraftOptions = {}, edit?: (parts: CraftPart[]) => CraftPart[]): Promise<string> {
  const path = join(tmp, `book-${counter++}.xlsx`);
  const parts = craftWorkbook(sheets, options);
  await writeZip(path, edit ? edit(parts) : parts);
  return path;
}

async function readAll(path: string, options: WorkbookOptions = {}): Promise<number> {
  const reader = await openWorkbook(path, options);
  let rows = 0;
  for await (const batch of reader.rows()) rows += batch.length;
  return rows;
}

async function refusal(promise: Promise<unknown>): Promise<KwigaError> {
  const kwiga = await kwigaFailure(promise);
  expect(kwiga.code).toBe('INPUT');
  expect(kwiga.exitCode).toBe(2);
  expect(kwiga.message).not.toContain('\n');
  return kwiga;
}

/** A sheet whose one cell holds `mib` MiB of the digit 0: deflate packs it about 1000 to 1. */
function zerosSheet(mib: number): () => AsyncIterable<Buffer> {
  return async function* () {
    yield Buffer.from(`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>`);
    const zeros = Buffer.alloc(MiB, 0x30);
    for (let i = 0; i < mib; i++) yield zeros;
    yield Buffer.from('</v></c></row></sheetData></worksheet>');
  };
}

/** A header and `count` rows of name and address. */
function rows(count: number, from = 2): string {
  const out = [`<row r="1">${inlineCell('A1', 'Name')}${inlineCell('B1', 'Email')}</row>`];
  for (let r = from; r < from + count; r++) out.push(`<row r="${r}">${inlineCell(`A${r}`, `Name ${r}`)}${inlineCell(`B${r}`, `user${r}@example.com`)}</row>`);
  return out.join('');
}

describe('ZIP bombs', () => {
  const bomb = join(tmp, 'bomb.xlsx');

  it('crafts a bomb: a sheet of 300 MiB of zeros in under 1 MiB', async () => {
    await writeZip(bomb, craftWorkbook([{ name: 'Bomb', rows: zerosSheet(300) }]));
    expect(statSync(bomb).size).toBeLessThan(MiB);
  }, 60_000);

  it('is refused while it inflates, with little memory and time', async () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const error = await refusal(openWorkbook(bomb));
    expect(error.message).toMatch(/^bomb\.xlsx is too large to read safely \(a cell longer than 524,288 characters, which no spreadsheet writes\): save the list as CSV UTF-8, or split it$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB);
  });

  it('is refused before inflating when its declared size is over the cap', async () => {
    const started = Date.now();
    const error = await refusal(openWorkbook(bomb, { limits: { maxBytes: 100 * MiB } }));
    expect(error.message).toMatch(/sheet "Bomb" is 300 MiB once unzipped/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a part that inflates past the size its header declares is a damaged (crafted) file', async () => {
    const liar = await craft([{ name: 'S', rows: rows(2000) }], {}, (parts) => parts.map((p) => (p.name.includes('sheet1') ? { ...p, declaredSize: 1000 } : p)));
    const error = await refusal(readAll(liar));
    expect(error.message).toMatch(/is a damaged workbook/);
  });

  it('a shared-string table of one endless string is refused the same way', async () => {
    const endless = await craft([{ name: 'S', rows: rows(1) }], { sharedStrings: [] }, (parts) =>
      parts.map((p) =>
        p.name === 'xl/sharedStrings.xml'
          ? {
              ...p,
              data: async function* () {
                yield Buffer.from(`<?xml version="1.0"?><sst xmlns="${MAIN}"><si><t>`);
                for (let i = 0; i < 50; i++) yield Buffer.alloc(MiB, 0x30);
                yield Buffer.from('</t></si></sst>');
              },
            }
          : p,
      ),
    );
    await refusal(openWorkbook(endless));
  });
});

describe('caps', () => {
  it('the decompressed bytes of a part, from its declared size, before reading', async () => {
    // 20,000 rows: about 3 MiB of sheet XML.
    const path = await craft([{ name: 'S', rows: rows(20_000) }]);
    expect((await refusal(readAll(path, { limits: { maxBytes: MiB } }))).message).toMatch(/sheet "S" is 3 MiB once unzipped/);
    expect(await readAll(path)).toBe(20_000);
  });

  it('the decompressed bytes of all parts read together, counted while they inflate', async () => {
    // Shared strings and sheet are each under the cap; together they are not.
    const strings = Array.from({ length: 12_000 }, (_, i) => `<si><t>user${i}@example.com</t></si>`);
    const cells = [`<row r="1">${inlineCell('A1', 'Email')}</row>`];
    for (let r = 2; r < 12_002; r++) cells.push(`<row r="${r}"><c r="A${r}" t="s"><v>${r - 2}</v></c></row>`);
    const path = await craft([{ name: 'S', rows: cells.join('') }], { sharedStrings: strings });
    const error = await refusal(readAll(path, { limits: { maxBytes: 700 * 1024 } }));
    expect(error.message).toMatch(/is too large to read safely \(more than 700 KiB once unzipped\)/);
    expect(await readAll(path)).toBe(12_000);
  });

  it('the shared-string table, which is held in memory', async () => {
    const strings = Array.from({ length: 5000 }, (_, i) => `<si><t>user${i}@example.com</t></si>`);
    const path = await craft([{ name: 'S', rows: `<row r="1">${inlineCell('A1', 'Email')}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>` }], { sharedStrings: strings });
    const error = await refusal(readAll(path, { limits: { maxSharedStringBytes: 10_000 } }));
    expect(error.message).toMatch(/xl\/sharedStrings\.xml is \d+ KiB once unzipped/);
  });

  it.each([
    [{ maxRows: 100 }, /a row past 100/],
    [{ maxCells: 150 }, /more than 150 cells/],
  ])('%j', async (limits, message) => {
    const path = await craft([{ name: 'S', rows: rows(200) }]);
    expect((await refusal(readAll(path, { limits }))).message).toMatch(message);
  });

  it('columns: a cap, and never past XFD whatever the cap', async () => {
    const wide = await craft([{ name: 'S', rows: `${rows(3)}<row r="9"><c r="E9"><v>1</v></c></row>` }]);
    expect((await refusal(readAll(wide, { limits: { maxColumns: 4 } }))).message).toMatch(/a column past 4/);
    expect(await readAll(wide)).toBe(4);
    const far = await craft([{ name: 'S', rows: `${rows(3)}<row r="9"><c r="ABCDE9"><v>1</v></c></row>` }]);
    expect((await refusal(readAll(far))).message).toMatch(/a cell beyond column XFD/);
  });

  it('limits are checked: positive integers only', () => {
    expect(resolveLimits({})).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxRows: 10 }).maxRows).toBe(10);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => resolveLimits({ maxBytes: bad })).toThrow(/Invalid workbook limit maxBytes: expected a positive integer/);
    }
  });
});
