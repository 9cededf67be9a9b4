import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

const EXAMPLE = join(FIXTURES, 'example-contacts.csv');
const EXPECTED = join(FIXTURES, 'expected/example-contacts');

const csvRows = (path: string) => parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];

/** The variable bits of a summary: the out dir, timing. */
const stable = (text: string, outDir: string) =>
  text.replaceAll(outDir, '<out>').replace(/Done in .*/, 'Done in <time>');

describe('the example list, offline', () => {
  it('writes the expected files, summary and exit code', async () => {
    const out = tempDir();
    const result = await runCli(['fixtures/example-contacts.csv', '--offline', '-o', out], { cwd: join(FIXTURES, '..') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of ['clean.csv', 'review.csv', 'rejected.csv']) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(EXPECTED, file), 'utf8'));
    }
    expect(stable(result.stdout, out)).toBe(readFileSync(join(EXPECTED, 'summary.txt'), 'utf8'));
    const report = readReport(out);
    expect(report.totals).toEqual({ rows: 21, clean: 8, review: 8, rejected: 5 });
    expect(report.input).toMatchObject({ encoding: 'utf-8', delimiter: ',', emailColumn: 'Email', rows: 21, malformedRows: 1 });
    expect(report.dns.status).toBe('offline');
    expect(readdirSync(out).sort()).toEqual(['.kwiga-rows.csv', 'clean.csv', 'rejected.csv', 'report.html', 'report.json', 'review.csv']);
  });

  it.each([
    ['uk', 'Домен gmial.com схожий на описку; мабуть, мали на увазі gmail.com.', 'Чисті', 'Причини'],
    ['it', undefined, 'Valide', undefined],
  ])('--lang %s words validation_detail and the summary in that language, codes and columns unchanged', async (lang, typoDetail, clean, reasons) => {
    const out = tempDir();
    const result = await runCli([EXAMPLE, '--offline', '--lang', lang!, '-o', out]);
    expect(result.code).toBe(0);
    const english = csvRows(join(EXPECTED, 'review.csv'));
    const review = csvRows(join(out, 'review.csv'));
    // Same rows, reasons, suggestions, actions and header; only the sentences differ.
    const codes = (r: string[]) => [r[0], r.at(-5), r.at(-4), r.at(-2), r.at(-1)];
    expect(review.map(codes)).toEqual(english.map(codes));
    const details = review.slice(1).map((r) => r.at(-3)!);
    details.forEach((detail, i) => expect(detail, `row ${i}`).not.toBe(english[i + 1]!.at(-3)));
    if (typoDetail) expect(details).toContain(typoDetail);
    expect(result.stdout).toContain(clean!);
    if (reasons) expect(result.stdout).toContain(reasons);
    expect(readFileSync(join(out, 'rejected.csv'), 'utf8')).not.toMatch(/\{\w+\}/);
  });

  it('accounts for every row exactly once', async () => {
    const out = tempDir();
    await runCli([EXAMPLE, '--offline', '-o', out]);
    const lines = [
      ...csvRows(join(out, 'review.csv')).slice(1).map((r) => Number(r.at(-5))),
      ...csvRows(join(out, 'rejected.csv')).slice(1).map((r) => Number(r.at(-5))),
    ];
    const clean = csvRows(join(out, 'clean.csv')).length - 1;
    expect(new Set(lines).size).toBe(lines.length);
    expect(clean + lines.length).toBe(readReport(out).totals.rows);
  });

  it('puts every row of its own clean.csv in clean again', async () => {
    const first = tempDir();
    await runCli([EXAMPLE, '--offline', '-o', first]);
    const second = tempDir();
    const result = await runCli([join(first, 'clean.csv'), '--offline', '-o', second]);
    expect(result.code).toBe(0);
    const report = readReport(second);
    expect(report.totals.clean).toBe(report.totals.rows);
    expect(readFileSync(join(second, 'clean.csv'), 'utf8')).toBe(readFileSync(join(first, 'clean.csv'), 'utf8'));
  });

  it('is deterministic: two runs give byte-identical CSVs', async () => {
    const [a, b] = [tempDir(), tempDir()];
    await runCli([EXAMPLE, '--offline', '-o', a]);
    await runCli([EXAMPLE, '--offline', '-o', b]);
    for (const file of ['clean.csv', 'review.csv', 'rejected.csv']) {
      expect(readFileSync(join(a, file))).toEqual(readFileSync(join(b, file)));
    }
  });

  it('--json prints exactly report.json', async () => {
    const out = tempDir();
    const result = await runCli([EXAMPLE, '--offline', '--json', '-o', out]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(readReport(out));
    expect(result.stdout).toBe(readFileSync(join(out, 'report.json'), 'utf8'));
  });

  it('--quiet prints nothing', async () => {
    const result = await runCli([EXAMPLE, '--offline', '-q', '-o', tempDir()]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('writes into <input>.validated/ beside the input by default', async () => {
    const dir = tempDir();
    copyFileSync(EXAMPLE, join(dir, 'list.csv'));
    expect((await runCli(['list.csv', '--offline', '-q'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'list.validated', 'report.json'))).toBe(true);
  });

  it('reads standard input with -', async () => {
    const dir = tempDir();
    const result = await runCli(['-', '--offline', '-q'], { cwd: dir, input: 'email\nolena.k@gmail.com\nbad\n' });
    expect(result.code).toBe(0);
    expect(readReport(join(dir, 'stdin.validated')).totals).toEqual({ rows: 2, clean: 1, review: 0, rejected: 1 });
  });
});

describe('CI gates', () => {
  it('--fail-on-rejected exits 1 when exceeded, still writing outputs, and says by how much', async () => {
    const out = tempDir();
    const result = await runCli([EXAMPLE, '--offline', '--fail-on-rejected', '10', '-o', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rejected/i);
    expect(result.stdout).toMatch(/23\.8%/);
    expect(readReport(out).gates).toEqual([{ name: 'rejected', thresholdPercent: 10, actualPercent: 23.81, failed: true }]);
  });
  it('--fail-on-review passes when not exceeded', async () => {
    const result = await runCli([EXAMPLE, '--offline', '--fail-on-review', '50', '-q', '-o', tempDir()]);
    expect(result.code).toBe(0);
  });
  it('under GitHub Actions writes a step summary and annotations', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const result = await runCli([EXAMPLE, '--offline', '-q', '-o', join(dir, 'out')], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/\| rejected \| 5 \|/);
    expect(result.stderr).toMatch(/^::error file=.*example-contacts\.csv,line=\d+,title=/m);
    expect(result.stderr).toMatch(/^::warning file=/m);
    expect(result.stderr).not.toMatch(/olena\.kovalenko/);
  });
});

describe('refusals: one plain line and the right exit code', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'contacts.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('[Content_Types].xml xl/')]));
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'names.csv'), 'name,phone\nOlena,123\n');
  writeFileSync(join(dir, 'bad-config.json'), '{"offline": true, "typo": {"maxDistanse": 2}}');
  writeFileSync(join(dir, 'not-json.json'), '{ offline: true');
  mkdirSync(join(dir, 'folder.csv'));
  it.each([
    ['bad integer', [EXAMPLE, '--concurrency', 'abc'], 2, 'Invalid option --concurrency: expected an integer from 1 to 512, got "abc"'],
    ['bad percent', [EXAMPLE, '--fail-on-rejected', '150'], 2, 'Invalid option --fail-on-rejected: expected a percentage from 0 to 100, got "150"'],
    ['unknown option', [EXAMPLE, '--frobnicate'], 2, /Unknown option '--frobnicate'/],
    ['bad language', [EXAMPLE, '--lang', 'de'], 2, /--lang/],
    ['no input', [], 2, /Missing required argument 'input'/],
    ['missing file', [join(dir, 'nope.csv'), '--offline'], 2, /nope\.csv does not exist/],
    ['directory', [join(dir, 'folder.csv'), '--offline'], 2, /is a directory/],
    ['damaged xlsx', [join(dir, 'contacts.xlsx'), '--offline'], 2, 'contacts.xlsx is a damaged workbook (its ZIP structure is broken): open it in Excel and save it again as .xlsx'],
    ['empty', [join(dir, 'empty.csv'), '--offline'], 2, /empty\.csv is empty/],
    ['no email column', [join(dir, 'names.csv'), '--offline'], 2, /names\.csv has no column that looks like email addresses/],
    ['unknown config key', [EXAMPLE, '--config', join(dir, 'bad-config.json')], 2, /Unknown key "typo\.maxDistanse"/],
    ['config not JSON', [EXAMPLE, '--config', join(dir, 'not-json.json')], 2, /not-json\.json is not valid JSON/],
    ['out dir is the input', [EXAMPLE, '--offline', '-o', EXAMPLE], 2, /is the input file itself/],
    ['out dir cannot be created', [EXAMPLE, '--offline', '-o', join(EXAMPLE, 'sub')], 3, /Cannot create the output folder/],
    ['bad DNS server', [EXAMPLE, '--dns-server', '1.2.3.4:99999'], 2, /Invalid option --dns-server/],
    ['missing suppression list', [EXAMPLE, '--offline', '--suppress', join(dir, 'nope.txt')], 2, /nope\.txt/],
  ])('%s', async (_name, args, code, message) => {
    const result = await runCli(args as string[]);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    if (typeof message === 'string') expect(lines[0]).toBe(`kwiga-validate: ${message}`);
    else expect(result.stderr).toMatch(message);
  });
});

describe('Ctrl-C while waiting for standard input', () => {
  it('stops at once with exit 130 and writes nothing', async () => {
    const { spawn } = await import('node:child_process');
    const dir = tempDir();
    const child = spawn(process.execPath, [join(FIXTURES, '../bin/kwiga-validate.js'), '-', '--offline'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Far more than the pipe and socket buffers between the processes hold (a few hundred KiB), and
    // never ended: the write completes only once the CLI has read most of it, so the run is under
    // way (its Ctrl-C handler in place) and waiting for more.
    const rows = 'olena@gmail.com\n'.repeat(250_000);
    await new Promise<void>((resolve, reject) => child.stdin.write(`email\n${rows}`, (error) => (error ? reject(error) : resolve())));
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    expect(await closed).toBe(130);
    clearTimeout(killer);
    expect(stderr).toBe('kwiga-validate: stopping…\nkwiga-validate: stopped; no results were written.\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
