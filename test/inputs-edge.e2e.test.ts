/**
 * Issue 16, inputs a demanding user brings: a cut `.gz` download (16.4), a 50 MB quoted field
 * (16.6), process substitution and device paths (16.7), UTF-16 without a byte order mark (16.8),
 * and a policy that would put unreadable rows in clean.csv (16.9). The built binary, real files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

/** The outputs keep the input's delimiter: pass it for a `;` input. */
const readCsv = (path: string, delimiter = ',') => parse(readFileSync(path), { bom: true, relax_column_count: true, delimiter }) as string[][];

function file(content: string | Buffer, name = 'contacts.csv'): string {
  const path = join(tempDir('kwiga-edge-'), name);
  writeFileSync(path, content);
  return path;
}

/** One line of stderr, the exit code, and nothing written. */
async function refused(args: string[], code: number, cwd?: string): Promise<string> {
  const out = join(tempDir('kwiga-edge-out-'), 'out');
  const result = await runCli([...args, '-o', out], cwd ? { cwd } : {});
  expect(result.code).toBe(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/internal error/);
  expect(existsSync(out)).toBe(false);
  return lines[0]!;
}

describe('a cut .gz (a download that stopped)', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `Contact ${i},contact${i}@gmail.com,+380${i}`);
  const whole = gzipSync(`Name,Email,Phone\n${rows.join('\n')}\n`);

  it('is refused with exit 2, naming the file and where the archive ends; nothing is written', async () => {
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const line = await refused([file(cut, 'contacts.csv.gz'), '--offline'], 2);
    expect(line).toMatch(new RegExp(`^kwiga-validate: contacts\\.csv\\.gz is cut short: the gzip archive ends at about byte ${cut.length.toLocaleString('en-US')}, after line [\\d,]+\\.`));
  });

  it('cut inside its first block: the same, without a line', async () => {
    const line = await refused([file(whole.subarray(0, 500), 'contacts.csv.gz'), '--offline'], 2);
    expect(line).toMatch(/contacts\.csv\.gz is cut short: the gzip archive ends at about byte 500\. /);
  });

  it('on standard input too', async () => {
    const out = join(tempDir('kwiga-edge-out-'), 'out');
    const result = await runCli(['-', '--offline', '-o', out], { input: whole.subarray(0, 40_000) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kwiga-validate: standard input is cut short: the gzip archive ends at about byte 40,000/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a 50 MB quoted field', () => {
  const big = 'y'.repeat(50 * 1024 * 1024);

  it('is one malformed row at its start line; the rows around it are read', async () => {
    const out = tempDir('kwiga-edge-out-');
    const result = await runCli([file(`Email,Notes\nolena.k@gmail.com,"${big}"\nivan@ukr.net,x\n`), '--offline', '-q', '-o', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = readReport(out);
    expect(report.totals).toEqual({ rows: 2, clean: 1, review: 0, rejected: 1 });
    expect(report.input.malformedRows).toBe(1);
    const rejected = readCsv(join(out, 'rejected.csv'));
    expect(rejected).toHaveLength(2);
    expect(rejected[1]!.slice(-5, -2)).toEqual(['2', 'malformed_row', expect.stringMatching(/^The row is longer than 16 777 216 characters, too long to read; it begins: olena\.k@gmail\.com,"y{900,}…$/)]);
    expect(readCsv(join(out, 'clean.csv'))).toEqual([['Email', 'Notes'], ['ivan@ukr.net', 'x']]);
  }, 60_000);

  it('with line breaks inside: still one row, and the next row keeps its own line number', async () => {
    const out = tempDir('kwiga-edge-out-');
    const note = `${'z'.repeat(9 * 1024 * 1024)}\n`.repeat(3) + 'end "" of note';
    const result = await runCli([file(`Email,Notes\r\nolena.k@gmail.com,"${note}"\r\nnot-an-address,x\r\n`), '--offline', '-q', '-o', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const rejected = readCsv(join(out, 'rejected.csv')).slice(1);
    // Row 2 spans lines 2 to 5 (three line breaks inside the note): the next row is line 6.
    expect(rejected.map((r) => [r.at(-5), r.at(-4)])).toEqual([['2', 'malformed_row'], ['6', 'invalid_syntax']]);
  }, 60_000);

  it('an unclosed quote over more than the cap of rows still gives up its own line only', async () => {
    const rows = Array.from({ length: 180_000 }, (_, i) => `student${i}@gmail.com,${'n'.repeat(90)}`);
    const out = tempDir('kwiga-edge-out-');
    const result = await runCli([file(`Email,Notes\nolena.k@gmail.com,"never closed\n${rows.join('\n')}\n`), '--offline', '-q', '-o', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = readReport(out);
    expect(report.totals).toMatchObject({ rows: 180_001, clean: 180_000, rejected: 1 });
    expect(report.reasons.malformed_row).toBe(1);
  }, 60_000);
});

describe('process substitution and device paths', () => {
  const csv = 'Email\nolena.k@gmail.com\nbad\n';

  it('<(cat list.csv) is read, and the results go to ./stdin.validated', async () => {
    const dir = tempDir('kwiga-edge-');
    writeFileSync(join(dir, 'list.csv'), csv);
    // bash gives the child a /dev/fd/N path to a pipe, as a user's shell does.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['-c', `exec "${process.execPath}" "${BIN}" <(cat list.csv) --offline -q`], { cwd: dir, stdio: 'ignore' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (c) => (clearTimeout(killer), resolve(c)));
    });
    expect(code).toBe(0);
    expect(readReport(join(dir, 'stdin.validated')).totals.rows).toBe(2);
  });

  it.each(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'])('%s is read like -, into ./stdin.validated', async (path) => {
    const dir = tempDir('kwiga-edge-');
    const result = await runCli([path, '--offline', '-q'], { cwd: dir, input: csv });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readReport(join(dir, 'stdin.validated')).input).toMatchObject({ file: '-', rows: 2 });
  });

  it.each(['/proc/self/x.validated', '/sys/x', '/dev/fd/63.validated', '/dev/kwiga-test'])('an out dir %s is refused before anything is made', async (out) => {
    const result = await runCli([file(csv), '--offline', '-q', '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/is under \/(proc|sys|dev), a system folder/);
    expect(existsSync(out)).toBe(false);
  });

  it('x.csv and x.csv.gz get different default out dirs', async () => {
    const dir = tempDir('kwiga-edge-');
    writeFileSync(join(dir, 'x.csv'), csv);
    writeFileSync(join(dir, 'x.csv.gz'), gzipSync('Email\nivan@ukr.net\n'));
    expect((await runCli([join(dir, 'x.csv'), '--offline', '-q'])).code).toBe(0);
    expect((await runCli([join(dir, 'x.csv.gz'), '--offline', '-q'])).code).toBe(0);
    expect(readReport(join(dir, 'x.validated')).totals.rows).toBe(2);
    expect(readReport(join(dir, 'x.csv.validated')).totals.rows).toBe(1);
  });
});

describe('--encoding utf-16le|utf-16be without a byte order mark', () => {
  const text = 'Email;Name\r\nolena@ukr.net;Олена\r\nivan.koval@gmail.com;Іван\r\n';

  it.each(['utf-16le', 'utf-16be'])('%s: the flag overrides detection', async (encoding) => {
    const out = tempDir('kwiga-edge-out-');
    const result = await runCli([file(iconv.encode(text, encoding, { addBOM: false })), '--offline', '-q', '--encoding', encoding, '-o', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readReport(out).input).toMatchObject({ encoding, rows: 2, bom: false });
    expect(readCsv(join(out, 'clean.csv'), ';')).toEqual([['Email', 'Name'], ['olena@ukr.net', 'Олена'], ['ivan.koval@gmail.com', 'Іван']]);
  });

  it('without the flag: refused with the flag to pass', async () => {
    const line = await refused([file(iconv.encode(text, 'utf-16le', { addBOM: false })), '--offline'], 2);
    expect(line).toMatch(/looks like UTF-16 text without a byte order mark: pass --encoding utf-16le/);
  });
});

describe('a policy mapping malformed_row to clean', () => {
  it('is a config error naming the key (an unreadable row has nothing clean.csv could hold)', async () => {
    const dir = tempDir('kwiga-edge-');
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ policy: { malformed_row: 'clean' } }));
    const line = await refused([file('Email\nolena.k@gmail.com\n'), '--offline', '--config', join(dir, 'cfg.json')], 2);
    expect(line).toMatch(/^kwiga-validate: Invalid value in .*cfg\.json at "policy\.malformed_row": expected review or rejected .*got "clean"$/);
  });

  it('review is accepted', async () => {
    const dir = tempDir('kwiga-edge-');
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ policy: { malformed_row: 'review' } }));
    const out = tempDir('kwiga-edge-out-');
    const result = await runCli([file('Email,N\nolena.k@gmail.com,1\n"bad,2\n'), '--offline', '-q', '--config', join(dir, 'cfg.json'), '-o', out]);
    expect(result.code).toBe(0);
    expect(readReport(out).totals).toMatchObject({ clean: 1, review: 1 });
  });
});

it('bash is there for process substitution', () => {
  expect(execFileSync('bash', ['-c', 'echo ok'], { encoding: 'utf8' }).trim()).toBe('ok');
});
