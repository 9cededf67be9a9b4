// npm run bench: times kwiga-validate --offline against a plain csv-parse → csv-stringify copy of
// the same 1,000,000-row file, in the same run, and prints the ratio (machines here are noisy, so
// only ratios mean something). Peak memory is each process's max RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './generate.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = join(import.meta.dirname, 'data');
mkdirSync(dir, { recursive: true });
const file = join(dir, `contacts-${ROWS}.csv`);
if (!existsSync(file)) {
  console.log(`generating ${ROWS.toLocaleString('en-US')} rows…`);
  await generate(file, ROWS);
}
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

function measure(args) {
  const rssFile = join(dir, 'rss.txt');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(import.meta.dirname, 'rss-hook.mjs'), ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return { ms, rss: Number(readFileSync(rssFile, 'utf8')) };
}

function best(args) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(measure(args));
  return { ms: Math.min(...results.map((r) => r.ms)), rss: Math.max(...results.map((r) => r.rss)) };
}

const out = join(dir, 'out');
rmSync(out, { recursive: true, force: true });
console.log(`input: ${file} (${mib(statSync(file).size)} MiB, ${ROWS.toLocaleString('en-US')} rows), best of ${RUNS}`);
const base = best([join(import.meta.dirname, 'baseline-copy.mjs'), file, join(dir, 'copy.csv')]);
const tool = best([join(import.meta.dirname, '../bin/kwiga-validate.js'), file, '--offline', '-q', '-o', out]);
console.log('');
console.log('| run | wall time | peak memory |');
console.log('|---|---:|---:|');
console.log(`| csv-parse → csv-stringify copy (baseline) | ${(base.ms / 1000).toFixed(2)} s | ${mib(base.rss)} MiB |`);
console.log(`| kwiga-validate --offline | ${(tool.ms / 1000).toFixed(2)} s | ${mib(tool.rss)} MiB |`);
console.log(`| ratio | ${(tool.ms / base.ms).toFixed(2)}× | |`);
console.log('');
console.log(`rows/s: ${Math.round(ROWS / (tool.ms / 1000)).toLocaleString('en-US')} (target: ratio ≤ 1.5, peak memory < 256 MiB)`);
