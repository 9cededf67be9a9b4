/**
 * Issue 3 "Must survive": the built binary on the inputs real exports bring — NUL bytes, a 10 MB
 * field, blank lines, a header-only file, ragged rows, stray quotes, CR line ends, gzip (file and
 * stdin), windows-1251, overrides, headerless files, --bom. Signals: signals.e2e.test.ts.
 * Every run is bounded in time; inputs are generated into temporary folders.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { BIN, runCli, tempDir, waitFor } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

const OUTPUTS = ['.kwiga-rows.csv', 'clean.csv', 'rejected.csv', 'report.html', 'report.json', 'review.csv'];
const VALIDATION = ['validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action'];

/** Writes an input file into a fresh folder and returns its path. */
function input(content: string | Buffer, name = 'contacts.csv'): string {
  const path = join(tempDir('kwiga-robust-'), name);
  writeFileSync(path, content);
  return path;
}

/** What a finished run left in its out dir. */
interface Results {
  report: Report;
  clean: string[][];
  review: string[][];
  rejected: string[][];
}

const readCsv = (path: string, delimiter = ',') => parse(readFileSync(path), { bom: true, relax_column_count: true, delimiter }) as string[][];

/** The outputs, read with the input's delimiter (theirs by default) unless told another. */
function results(out: string, delimiter?: string): Results {
  const report = readReport(out);
  const d = delimiter ?? report.input.delimiter;
  return {
    report,
    clean: readCsv(join(out, 'clean.csv'), d),
    review: readCsv(join(out, 'review.csv'), d),
    rejected: readCsv(join(out, 'rejected.csv'), d),
  };
}

/** Runs offline into a fresh out dir; expects exit 0 and totals that add up. */
async function runOk(file: string, ...flags: string[]): Promise<Results & { out: string }> {
  const out = tempDir('kwiga-robust-out-');
  const result = await runCli([file, '--offline', '-q', '-o', out, ...flags]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const told = flags[flags.indexOf('--output-delimiter') + 1];
  const r = results(out, flags.includes('--output-delimiter') ? ({ comma: ',', tab: '\t' } as Record<string, string>)[told!] ?? told : undefined);
  const { rows, clean, review, rejected } = r.report.totals;
  expect(clean + review + rejected).toBe(rows);
  return { ...r, out };
}

/** review/rejected rows by their validation_line: [reason, input fields]. */
const byLine = (rows: string[][]) => new Map(rows.slice(1).map((r) => [Number(r.at(-5)), { reason: r.at(-4), fields: r.slice(0, -5), detail: r.at(-3)! }]));

describe('survives', () => {
  it('NUL bytes inside a text file: rows are read or malformed, never a crash', async () => {
    const rows = ['olena.k@gmail.com,a\u0000b', 'iv\u0000an@ukr.net,x', 'marco@libero.it,"q\u0000"', 'anna@outlook.com,plain'];
    // NULs past the 8 KiB the binary sniffer looks at, too.
    const filler = Array.from({ length: 400 }, (_, i) => `filler${i}@gmail.com,${'\u0000'.repeat(i % 3)}`);
    const { report, clean } = await runOk(input(`Email,Notes\n${[...rows, ...filler].join('\n')}\n`));
    expect(report.totals.rows).toBe(404);
    expect(clean[1]).toEqual(['olena.k@gmail.com', 'a\u0000b']);
  });

  it('a single 10 MB field, unquoted and quoted with delimiters and line breaks inside', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const quoted = `${'y'.repeat(5 * 1024 * 1024)},\n""${'z'.repeat(5 * 1024 * 1024)}`;
    const file = input(`Email,Notes\nolena.k@gmail.com,${big}\nivan@ukr.net,"${quoted}"\nmarco@libero.it,short\n`);
    const { report, clean, out } = await runOk(file);
    expect(report.totals).toEqual({ rows: 3, clean: 3, review: 0, rejected: 0 });
    expect(clean.map((r) => r[1]!.length)).toEqual([5, big.length, quoted.length - 1, 5]);
    rmSync(join(file, '..'), { recursive: true });
    rmSync(out, { recursive: true });
  }, 40_000);

  it('blank lines between rows: skipped, counted, and lines still point into the file', async () => {
    const { report, rejected } = await runOk(input('Email,Name\n\n\nolena.k@gmail.com,O\n\nnot-an-address,X\n\n\n\nivan@ukr.net,I\n\n'));
    expect(report.totals.rows).toBe(3);
    expect(report.input.blankLines).toBe(7);
    expect([...byLine(rejected).keys()]).toEqual([6]);
  });

  it('a header-only file: exit 0, no rows, all three CSVs with their headers', async () => {
    const { report, clean, review, rejected } = await runOk(input('Name;Email;Phone\r\n'));
    expect(report.totals).toEqual({ rows: 0, clean: 0, review: 0, rejected: 0 });
    expect(clean).toEqual([['Name', 'Email', 'Phone']]);
    expect(review).toEqual([['Name', 'Email', 'Phone', ...VALIDATION]]);
    expect(rejected).toEqual([['Name', 'Email', 'Phone', ...VALIDATION]]);
  });

  it('ragged rows: extra non-empty fields and rows short of the address are malformed; the rest is read', async () => {
    const text = [
      'Name,Email,Phone',
      'Olena,olena.k@gmail.com,+380501',
      'Ivan,ivan@ukr.net,+380502,extra', // an unquoted delimiter shifted the columns
      'Marco,marco@libero.it,+39,,', // trailing delimiters: nothing lost
      'Anna,anna@outlook.com', // short, but the address is there
      'Jan', // short of the address column
      'Taras,taras@i.ua,+380503',
    ].join('\n');
    const { report, clean, rejected } = await runOk(input(text));
    expect(report.totals).toMatchObject({ rows: 6, clean: 4, rejected: 2 });
    expect(report.input.malformedRows).toBe(2);
    const bad = byLine(rejected);
    expect(bad.get(3)).toMatchObject({ reason: 'malformed_row', fields: ['', '', ''] });
    expect(bad.get(3)!.detail).toContain('Ivan,ivan@ukr.net,+380502,extra');
    expect(bad.get(6)).toMatchObject({ reason: 'malformed_row' });
    expect(bad.get(6)!.detail).toContain('Jan');
    expect(clean.slice(1)).toEqual([
      ['Olena', 'olena.k@gmail.com', '+380501'],
      ['Marco', 'marco@libero.it', '+39'],
      ['Anna', 'anna@outlook.com'],
      ['Taras', 'taras@i.ua', '+380503'],
    ]);
  });

  it('stray quotes inside unquoted fields are kept; text after a closing quote is malformed', async () => {
    const text = 'Email,Notes\nolena.k@gmail.com,5" floppy\nivan@ukr.net,say "hi" there\nmarco@libero.it,"quoted"tail\n';
    const { clean, rejected } = await runOk(input(text));
    expect(clean.slice(1)).toEqual([['olena.k@gmail.com', '5" floppy'], ['ivan@ukr.net', 'say "hi" there']]);
    expect(byLine(rejected).get(4)).toMatchObject({ reason: 'malformed_row' });
    expect(byLine(rejected).get(4)!.detail).toContain('marco@libero.it,"quoted"tail');
  });

  it('an unclosed quote gives up its own line only', async () => {
    const text = 'Email,Notes\nolena.k@gmail.com,"never closed\nivan@ukr.net,"fine"\nmarco@libero.it,ok\n';
    const { report, clean, rejected } = await runOk(input(text));
    expect(report.totals).toMatchObject({ rows: 3, clean: 2, rejected: 1 });
    expect(byLine(rejected).get(2)!.detail).toContain('olena.k@gmail.com,"never closed');
    expect(clean.slice(1)).toEqual([['ivan@ukr.net', 'fine'], ['marco@libero.it', 'ok']]);
  });

  it('CR-only line ends (old Mac exports), with a CR inside a quoted field', async () => {
    const { report, clean, rejected } = await runOk(input('Email,Name\rolena.k@gmail.com,"two\rlines"\rbad,X\rivan@ukr.net,I\r'));
    expect(report.totals.rows).toBe(3);
    expect(clean.slice(1)).toEqual([['olena.k@gmail.com', 'two\rlines'], ['ivan@ukr.net', 'I']]);
    expect([...byLine(rejected).keys()]).toEqual([4]);
  });
});

describe('reads', () => {
  const csv = 'Name,Email\nOlena,olena.k@gmail.com\nIvan,not-an-address\n';

  it('a .csv.gz file, into <name>.csv.validated beside it by default (contacts.csv would get contacts.validated)', async () => {
    const file = input(gzipSync(csv), 'contacts.csv.gz');
    const result = await runCli([file, '--offline', '-q']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = join(file, '..', 'contacts.csv.validated');
    const { report, clean } = results(out);
    expect(report.input).toMatchObject({ gzip: true, rows: 2 });
    expect(clean).toEqual([['Name', 'Email'], ['Olena', 'olena.k@gmail.com']]);
  });

  it('gzip on standard input (-)', async () => {
    const out = tempDir();
    const result = await runCli(['-', '--offline', '-q', '-o', out], { input: gzipSync(csv) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(results(out).report.input).toMatchObject({ file: '-', gzip: true, rows: 2 });
  });

  it('windows-1251 with Ukrainian headers, written out as UTF-8 with a BOM and the input\'s ;', async () => {
    const text = "Ім'я;Прізвище;Електронна пошта;Місто\r\nОлена;Коваленко;olena@ukr.net;Київ\r\nТарас;Шевченко;taras@i.ua;Львів\r\n";
    const { report, clean, out } = await runOk(input(iconv.encode(text, 'windows-1251')));
    expect(report.input).toMatchObject({ encoding: 'windows-1251', delimiter: ';', emailColumn: 'Електронна пошта' });
    expect(clean).toEqual([
      ["Ім'я", 'Прізвище', 'Електронна пошта', 'Місто'],
      ['Олена', 'Коваленко', 'olena@ukr.net', 'Київ'],
      ['Тарас', 'Шевченко', 'taras@i.ua', 'Львів'],
    ]);
    expect(readFileSync(join(out, 'clean.csv'), 'utf8')).toBe("\uFEFFІм'я;Прізвище;Електронна пошта;Місто\r\nОлена;Коваленко;olena@ukr.net;Київ\r\nТарас;Шевченко;taras@i.ua;Львів\r\n");
  });

  it('--encoding and --delimiter override detection', async () => {
    // Detected: windows-1252 and ",". Told: windows-1251 (0xFC is "ь" there) and ";".
    const file = input(iconv.encode('Email,Notes;Name\nolena.k@gmail.com,x;M\u00fcller\n', 'windows-1252'));
    const detected = await runOk(file);
    expect(detected.report.input).toMatchObject({ encoding: 'windows-1252', delimiter: ',' });
    const told = await runOk(file, '--encoding', 'windows-1251', '--delimiter', ';', '--email-column', '1');
    expect(told.report.input).toMatchObject({ encoding: 'windows-1251', delimiter: ';' });
    const rows = [...told.clean, ...told.review, ...told.rejected].filter((r) => r[1] === 'Mьller');
    expect(rows).toHaveLength(1);
    expect(told.clean[0] ?? told.review[0]).toEqual(expect.arrayContaining(['Email,Notes', 'Name']));
  });

  it('a file without a header: clean.csv has none, review/rejected name the columns column_N', async () => {
    const { report, clean, review, rejected } = await runOk(input('Olena;olena.k@gmail.com;1\nIvan;not-an-address;2\nAnna;info@school.com.ua;3\n'));
    expect(report.input).toMatchObject({ hasHeader: false, emailColumn: 'column_2', rows: 3 });
    expect(clean).toEqual([['Olena', 'olena.k@gmail.com', '1']]);
    const header = ['column_1', 'column_2', 'column_3', ...VALIDATION];
    expect(rejected[0]).toEqual(header);
    expect(review[0]).toEqual(header);
    expect(byLine(rejected).get(2)).toMatchObject({ reason: 'invalid_syntax', fields: ['Ivan', 'not-an-address', '2'] });
  });

  it('a UTF-8 input with , and no BOM gives the same: no BOM, ,', async () => {
    const { out } = await runOk(input(csv));
    expect(readFileSync(join(out, 'clean.csv'), 'utf8')).toBe('Name,Email\r\nOlena,olena.k@gmail.com\r\n');
  });

  it('quoting follows the output delimiter; --output-delimiter and --no-bom override the defaults', async () => {
    const text = 'Name;Email;Notes\r\nOlena;olena.k@gmail.com;"a;b, c"\r\nIvan;ivan@ukr.net;"x,y"\r\n';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const kept = await runOk(input(bytes));
    expect(readFileSync(join(kept.out, 'clean.csv'), 'utf8')).toBe('\uFEFFName;Email;Notes\r\nOlena;olena.k@gmail.com;"a;b, c"\r\nIvan;ivan@ukr.net;x,y\r\n');
    const told = await runOk(input(bytes), '--output-delimiter', 'comma', '--no-bom');
    expect(readFileSync(join(told.out, 'clean.csv'), 'utf8')).toBe('Name,Email,Notes\r\nOlena,olena.k@gmail.com,"a;b, c"\r\nIvan,ivan@ukr.net,"x,y"\r\n');
    expect(results(told.out, ',').clean).toEqual([['Name', 'Email', 'Notes'], ['Olena', 'olena.k@gmail.com', 'a;b, c'], ['Ivan', 'ivan@ukr.net', 'x,y']]);
    const tab = await runOk(input(bytes), '--output-delimiter', 'tab');
    expect(results(tab.out, '\t').clean[1]).toEqual(['Olena', 'olena.k@gmail.com', 'a;b, c']);
  });

  it('a windows-1251 file whose first 200 KB are ASCII still gets its BOM (decided after the first bytes went out)', async () => {
    const ascii = Array.from({ length: 6000 }, (_, i) => `student${i}.koval@ukr.net;Student ${i}`).join('\r\n');
    const text = `Email;Name\r\n${ascii}\r\nolena.koval@ukr.net;Олена Коваль\r\n`;
    const { report, clean, out } = await runOk(input(iconv.encode(text, 'windows-1251')));
    expect(report.input).toMatchObject({ encoding: 'windows-1251', delimiter: ';', rows: 6001 });
    expect([...readFileSync(join(out, 'clean.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(clean).toHaveLength(6002);
    expect(clean.at(-1)).toEqual(['olena.koval@ukr.net', 'Олена Коваль']);
  });

  it('--bom writes the three CSVs with a UTF-8 byte order mark', async () => {
    const { out } = await runOk(input(csv), '--bom');
    for (const file of ['clean.csv', 'review.csv', 'rejected.csv']) {
      expect([...readFileSync(join(out, file)).subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
    }
    expect(readFileSync(join(out, 'report.json'))[0]).toBe(0x7b);
  });
});

describe('outputs', () => {
  it('a run into an out dir with old results replaces them', async () => {
    const out = tempDir();
    await runCli([input('Email\na@gmail.com\nb@gmail.com\nc@gmail.com\n'), '--offline', '-q', '-o', out]);
    const second = await runCli([input('Email\nolena.k@gmail.com\n'), '--offline', '-q', '-o', out]);
    expect(second.code).toBe(0);
    const { report, clean } = results(out);
    expect(report.totals.rows).toBe(1);
    expect(clean).toEqual([['Email'], ['olena.k@gmail.com']]);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it('never writes into the input: the input is unchanged, and an out dir that is the input is refused', async () => {
    const file = input('Email\nolena.k@gmail.com\nbad\n');
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    await runOk(file);
    const refused = await runCli([file, '--offline', '-o', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  // Known bug (reported): an input named like an output inside the out dir is replaced by it.
  // SPEC: "Never write into or over the input file." Remove `.fails` once run.ts refuses it.
  it('never replaces an input that sits in the out dir under an output name', async () => {
    const file = input('Email\nolena.k@gmail.com\nbad\n', 'clean.csv');
    const before = readFileSync(file, 'utf8');
    const result = await runCli([file, '--offline', '-q', '-o', join(file, '..')]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(result.code).toBe(2);
  });
});
