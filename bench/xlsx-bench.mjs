// The xlsx reader against its floor: exceljs's streaming reader alone reading every cell of the
// same 200,000-row workbook, in the same run, each in a child process of its own (wall time from
// spawn to exit, peak memory from the child's `process.resourceUsage().maxRSS`). Machines here are
// noisy, so the runs alternate and the medians' ratio is what counts. Targets: ratio ≤ 1.5, peak
// memory < 256 MiB.
//   npm run build && node bench/xlsx-bench.mjs
// XLSX_BENCH_ROWS / XLSX_BENCH_RUNS change the size / repeats. The workbook is written with
// exceljs's streaming writer into a temporary folder (shared strings, as Excel writes them) and
// removed at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = import.meta.dirname;
const ROWS = Number(process.env.XLSX_BENCH_ROWS ?? 200_000);
const RUNS = Number(process.env.XLSX_BENCH_RUNS ?? 3);
const TARGET_RATIO = 1.5;
const TARGET_RSS = 256 * 2 ** 20;

const [mode, file] = process.argv.slice(2);
if (mode === '--floor') await floor(file);
else if (mode === '--ours') await ours(file);
else await main();

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

function measure(mode, path) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, mode, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${mode} exited ${code}`));
      resolve({ ms, ...JSON.parse(out) });
    });
  });
}

/** Deterministic (seeded) names, addresses, phones as text, dates and amounts. */
async function generate(path, rows) {
  const { default: ExcelJS } = await import('exceljs');
  let seed = 42;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

async function main() {
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const dir = mkdtempSync(join(tmpdir(), 'kwiga-xlsx-bench-'));
  try {
    const file = join(dir, `contacts-${ROWS}.xlsx`);
    const started = Date.now();
    await generate(file, ROWS);
    console.log(`${ROWS.toLocaleString('en-US')} rows: ${mib(statSync(file).size)} MiB .xlsx, written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${RUNS} runs each, alternating\n`);
    const runs = { floor: [], ours: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ['floor', 'ours']) {
        const run = await measure(`--${mode}`, file);
        runs[mode].push(run);
        console.log(
          `run ${i + 1} ${mode.padEnd(5)} ${(run.ms / 1000).toFixed(2)} s wall  ${(run.cpuMs / 1000).toFixed(2)} s CPU  ${mib(run.rss)} MiB  ${run.rows.toLocaleString('en-US')} rows  ${run.cells.toLocaleString('en-US')} cells`,
        );
      }
    }
    const floorMs = median(runs.floor.map((r) => r.ms));
    const oursMs = median(runs.ours.map((r) => r.ms));
    const floorCpu = median(runs.floor.map((r) => r.cpuMs));
    const oursCpu = median(runs.ours.map((r) => r.cpuMs));
    const peak = Math.max(...runs.ours.map((r) => r.rss));
    const ratio = oursMs / floorMs;
    const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log('');
    // CPU time (user + system) is shown too: on a loaded machine it moves less than wall time.
    console.log('| reader | wall time (median) | CPU time (median) | peak RSS (max) |');
    console.log('|---|---|---|---|');
    console.log(`| exceljs stream.xlsx.WorkbookReader alone (floor) | ${secs(floorMs)} | ${secs(floorCpu)} | ${mib(Math.max(...runs.floor.map((r) => r.rss)))} MiB |`);
    console.log(`| openWorkbook (kwiga-validate) | ${secs(oursMs)} | ${secs(oursCpu)} | ${mib(peak)} MiB |`);
    console.log(`| ratio | ${ratio.toFixed(2)}× | ${(oursCpu / floorCpu).toFixed(2)}× | |`);
    const met = (ok) => (ok ? 'met' : 'NOT MET');
    console.log(`\nTargets: ratio ≤ ${TARGET_RATIO} (${met(ratio <= TARGET_RATIO)}), peak < 256 MiB (${met(peak < TARGET_RSS)}); rows/s: ${Math.round(ROWS / (oursMs / 1000)).toLocaleString('en-US')}`);
    if (runs.ours.some((r) => r.rows !== runs.floor[0].rows)) throw new Error('the two readers read different row counts');
    if (ratio > TARGET_RATIO || peak >= TARGET_RSS) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
