/**
 * `--csv-safe`: off by default (Kwiga's importer gets the data as is); on, every CSV cell that a
 * spreadsheet would run as a formula (OWASP "CSV Injection": = + - @ tab CR first) gets a `'`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formulaSafe } from '../src/io/writer.js';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';

const rows = (path: string) => parse(readFileSync(path), { relax_column_count: true }) as string[][];

describe('formulaSafe', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+380501112233', "'+380501112233"],
    ['-5 кг', "'-5 кг"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['olena.koval@gmail.com', 'olena.koval@gmail.com'],
    [' =1', ' =1'],
    ['', ''],
    ["'=1", "'=1"],
  ])('%j → %j', (value, safe) => {
    expect(formulaSafe(value)).toBe(safe);
  });
});

describe('--csv-safe on the outputs', () => {
  const dir = tempDir();
  const input = join(dir, 'hostile.csv');
  writeFileSync(input, 'Email,Phone,Note\nolena.koval@gmail.com,+380501112233,"=HYPERLINK(""http://evil.example"",""x"")"\nbad,-1,@SUM(A1)\n');

  it('is off by default: the data as is', async () => {
    const out = tempDir();
    expect((await runCli([input, '--offline', '-q', '-o', out])).code).toBe(0);
    expect(rows(join(out, 'clean.csv'))[1]).toEqual(['olena.koval@gmail.com', '+380501112233', '=HYPERLINK("http://evil.example","x")']);
    expect(rows(join(out, 'rejected.csv'))[1]!.slice(0, 3)).toEqual(['bad', '-1', '@SUM(A1)']);
  });

  it('prefixes a quote to every cell that starts like a formula, in every CSV', async () => {
    const out = tempDir();
    expect((await runCli([input, '--offline', '-q', '--csv-safe', '-o', out])).code).toBe(0);
    expect(rows(join(out, 'clean.csv'))[1]).toEqual(['olena.koval@gmail.com', "'+380501112233", '\'=HYPERLINK("http://evil.example","x")']);
    expect(rows(join(out, 'rejected.csv'))[1]!.slice(0, 4)).toEqual(['bad', "'-1", "'@SUM(A1)", '3']);
  });

  it('works from the config file, and on CSVs written from a workbook', async () => {
    const out = tempDir();
    const config = join(dir, 'cfg.json');
    writeFileSync(config, '{"csvSafe": true}');
    const xlsx = join(FIXTURES, 'xlsx/students-exceljs.xlsx');
    expect((await runCli([xlsx, '--offline', '-q', '--output-format', 'csv', '--config', config, '-o', out])).code).toBe(0);
    const clean = rows(join(out, 'clean.csv'));
    expect(clean[1]!.slice(2)).toEqual(["'+380501112233", '1990-05-17', '1250.50', "'=cmd|' /C calc'!A0"]);
    expect(clean[3]!.at(-1)).toBe("'-5 кг");
  });
});
