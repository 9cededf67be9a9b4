// Spreadsheets against their floor: exceljs's streaming reader alone reading every cell of the
// same 200,000-row workbook, in the same run, each in a child process of its own (wall time from
// spawn to exit, peak memory from the child's `process.resourceUsage().maxRSS`):
//  - the full CLI, `kwiga-validate file.xlsx --offline` (reads, checks, writes clean/review/
//    rejected.xlsx: the default for workbook input), and with `--output-format csv`;
//  - openWorkbook alone (the reader under the CLI).
// Machines here are noisy, so the runs alternate and the medians' ratio is what counts. Targets:
// the CLI ≤ 1.5× the floor, peak memory < 256 MiB.
//   npm run build && node bench/xlsx-bench.mjs      (or BENCH_ONLY=xlsx npm run bench)
// XLSX_BENCH_ROWS / XLSX_BENCH_RUNS change the size / repeats. The workbook is written with
// exceljs's streaming writer into a temporary folder (shared strings, as Excel writes them) and
// removed at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from './random.mjs';

const here = import.meta.dirname;
const ROWS = Number(process.env.XLSX_BENCH_ROWS ?? 200_000);
const RUNS = Number(process.env.XLSX_BENCH_RUNS ?? 3);
const TARGET_RATIO = 1.5;
const TARGET_RSS = 256 * 2 ** 20;

const BIN = join(here, '../bin/kwiga-validate.js');

const [mode, file] = process.argv.slice(2);
if (mode === '--floor') await floor(file);
else if (mode === '--ours') await ours(file);
else if (import.meta.filename === process.argv[1]) {
  const { title, lines, ok } = await xlsxBench();
  console.log(`\n## ${title}\n\n${lines.join('\n')}`);
  if (!ok) process.exitCode = 1;
}

/** exceljs's streaming reader alone, touching every cell's value. */
async function floor(path) {
  const { default: ExcelJS } = await import('exceljs');
  let rows = 0;
  let cells = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {});
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows++;
      row.eachCell((cell) => {
        if (cell.value !== undefined) cells++;
      });
    }
    break;
  }
  report({ rows, cells });
}

/** openWorkbook over the built dist/, touching every field. */
async function ours(path) {
  const { openWorkbook } = await import(pathToFileURL(join(here, '../dist/io/xlsx/reader.js')).href);
  const reader = await openWorkbook(path);
  let rows = 1; // the header, which the floor counts as a row
  let cells = reader.meta.header?.length ?? 0;
  for await (const batch of reader.rows()) {
    for (const row of batch) {
      rows++;
      for (const field of row.fields) if (field !== '') cells++;
    }
  }
  report({ rows, cells });
}

function report(counts) {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(JSON.stringify({ ...counts, rss: usage.maxRSS * 1024, cpuMs }));
}

/** One of the readers in a child process of this script; it reports its own counts and peak. */
function measure(mode, path) {
  return timed(process.execPath, [import.meta.filename, mode, path], (out) => JSON.parse(out));
}

/** The CLI as a user runs it; peak memory through bench/rss-hook.mjs (the CLI prints nothing). */
function measureCli(path, outDir, args) {
  const rssFile = join(outDir, '..', `rss-${process.pid}.txt`);
  return timed(process.execPath, ['--import', join(here, 'rss-hook.mjs'), BIN, path, '--offline', '-q', '-o', outDir, ...args], () => {
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    const [rss, cpuMs] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    return { rss, rows: report.totals.rows + 1, cells: 0, cpuMs };
  }, { BENCH_RSS_FILE: rssFile, CI: '1' });
}

function timed(command, args, result, env = {}) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      resolve({ ms, ...result(out) });
    });
  });
}

/** Deterministic (seeded) names, addresses, phones as text, dates and amounts. */
export async function generate(path, rows) {
  const { default: ExcelJS } = await import('exceljs');
  const rand = mulberry32(42);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const FIRST = ['Olena', 'Ivan', 'Marco', 'Anna', 'Piotr', 'Марія', 'Тарас', 'Софія', 'Klaus', 'Laura', 'Jan', 'Ірина'];
  const LAST = ['Kovalenko', 'Petrenko', 'Rossi', 'Schmidt', 'Nowak', 'Шевченко', 'Мельник', 'Müller', 'Bianchi', 'Kowalski'];
  const DOMAINS = ['gmail.com', 'ukr.net', 'i.ua', 'yahoo.com', 'outlook.com', 'libero.it', 'gmx.de', 'wp.pl'];
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  const sheet = book.addWorksheet('Contacts');
  sheet.addRow(['ID', 'First Name', 'Last Name', 'Email', 'Phone', 'Signed Up', 'Paid', 'Tags']).commit();
  for (let i = 0; i < rows; i++) {
    const row = sheet.addRow([
      100000 + i,
      pick(FIRST),
      pick(LAST),
      `user.${i}@${rand() < 0.6 ? pick(DOMAINS) : `company${Math.floor(rand() * 20000)}.com`}`,
      `+380${Math.floor(500000000 + rand() * 499999999)}`,
      new Date(Date.UTC(2024, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))),
      Math.round(rand() * 500000) / 100,
      rand() < 0.3 ? 'student,vip' : 'lead',
    ]);
    row.getCell(6).numFmt = 'dd.mm.yyyy';
    row.getCell(7).numFmt = '#,##0.00';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

/**
 * Generates the workbook, runs every contender RUNS times (alternating), and returns the table
 * (Markdown lines) and whether the targets were met.
 */
export async function xlsxBench({ rows = ROWS, runs = RUNS, log = console.log } = {}) {
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const dir = mkdtempSync(join(tmpdir(), 'kwiga-xlsx-bench-'));
  try {
    const file = join(dir, `contacts-${rows}.xlsx`);
    const started = Date.now();
    await generate(file, rows);
    const size = statSync(file).size;
    log(`${rows.toLocaleString('en-US')} rows: ${mib(size)} MiB .xlsx, written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${runs} runs each, alternating`);
    const contenders = [
      { key: 'floor', label: 'exceljs stream.xlsx.WorkbookReader alone (floor)', run: () => measure('--floor', file) },
      { key: 'reader', label: 'openWorkbook alone (the reader under the CLI)', run: () => measure('--ours', file) },
      { key: 'cli', label: 'kwiga-validate --offline (xlsx in, clean/review/rejected.xlsx out)', run: () => measureCli(file, join(dir, 'out-xlsx'), []) },
      { key: 'csv', label: 'kwiga-validate --offline --output-format csv', run: () => measureCli(file, join(dir, 'out-csv'), ['--output-format', 'csv']) },
    ];
    const results = Object.fromEntries(contenders.map((c) => [c.key, []]));
    for (let i = 0; i < runs; i++) {
      for (const c of contenders) {
        const r = await c.run();
        results[c.key].push(r);
        log(`run ${i + 1} ${c.key.padEnd(6)} ${secs(r.ms)} wall  ${mib(r.rss)} MiB  ${r.rows.toLocaleString('en-US')} rows`);
      }
    }
    const wall = (key) => median(results[key].map((r) => r.ms));
    const peak = (key) => Math.max(...results[key].map((r) => r.rss));
    const floorMs = wall('floor');
    const rowCounts = new Set(Object.values(results).flat().map((r) => r.rows));
    if (rowCounts.size !== 1) throw new Error(`the contenders read different row counts: ${[...rowCounts].join(', ')}`);
    const ratio = wall('cli') / floorMs;
    const ok = ratio <= TARGET_RATIO && peak('cli') < TARGET_RSS && peak('csv') < TARGET_RSS;
    const met = (yes) => (yes ? 'met' : '**not met**');
    const lines = [
      `Workbook: ${rows.toLocaleString('en-US')} rows × 8 columns (IDs, names in Latin and Cyrillic, addresses, phones as text, dates, amounts with a number format, tags), ${mib(size)} MiB, shared strings; median wall time of ${runs} alternating runs, peak memory the highest of them.`,
      '',
      '| run | wall time | × floor | peak memory |',
      '|---|---:|---:|---:|',
      ...contenders.map((c) => `| ${c.label} | ${secs(wall(c.key))} | ${(wall(c.key) / floorMs).toFixed(2)}× | ${mib(peak(c.key))} MiB |`),
      '',
      `rows/s (full CLI, xlsx out): ${Math.round(rows / (wall('cli') / 1000)).toLocaleString('en-US')}. Targets: the CLI ≤ ${TARGET_RATIO}× the floor (${met(ratio <= TARGET_RATIO)}), peak memory < 256 MiB (${met(peak('cli') < TARGET_RSS && peak('csv') < TARGET_RSS)}).`,
    ];
    const title = `Spreadsheets: a ${rows.toLocaleString('en-US')}-row .xlsx through the CLI, against exceljs's streaming reader alone`;
    return { title, lines, ok };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
