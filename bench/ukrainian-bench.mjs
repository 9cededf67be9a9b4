// Issue 17's bench: kwiga-validate --offline on the Ukrainian list (bench/ukrainian-list.mjs) against
// a plain csv-parse → csv-stringify copy of the same file, in the same run (machines here are noisy,
// so only the ratio means something), with each child's peak RSS. With --profile it also runs the
// CLI once under --cpu-prof and prints where the self time goes (bench/profile-summary.mjs).
// Env: BENCH_ROWS (default 1,000,000), BENCH_RUNS (default 2), PROFILE_ROWS (default 200,000).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { measureNode } from './measure.mjs';
import { generate } from './ukrainian-list.mjs';
import { summarize } from './profile-summary.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const here = import.meta.dirname;
const BIN = join(here, '../bin/kwiga-validate.js');
const dir = join(here, 'data');
mkdirSync(dir, { recursive: true });
const mib = (b) => (b / 2 ** 20).toFixed(1);

async function list(rows, latin = false) {
  const file = join(dir, `ukrainian-${rows}${latin ? '-latin' : ''}.csv`);
  if (!existsSync(file)) await generate(file, rows, latin);
  return file;
}

const measure = (args) => measureNode(args, join(dir, `rss-ua-${process.pid}.txt`));

// The same list with Latin local parts only (same rows, same seed) tells what the non-ASCII address
// paths cost: the Cyrillic names and course titles in the other columns stay in both.
const file = await list(ROWS);
const latinFile = await list(ROWS, true);
console.log(`input: ${file} (${mib(statSync(file).size)} MiB, ${ROWS.toLocaleString('en-US')} rows)`);
const runs = { base: [], tool: [], latinBase: [], latinTool: [] };
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so a slow phase of the machine hits all of them.
  runs.base.push(await measure([join(here, 'baseline-copy.mjs'), file, join(dir, 'ua-copy.csv')]));
  runs.tool.push(await measure([BIN, file, '--offline', '-q', '-o', join(dir, 'ua-out')]));
  runs.latinBase.push(await measure([join(here, 'baseline-copy.mjs'), latinFile, join(dir, 'ua-copy.csv')]));
  runs.latinTool.push(await measure([BIN, latinFile, '--offline', '-q', '-o', join(dir, 'ua-out')]));
}
const best = (rs) => ({ ms: Math.min(...rs.map((r) => r.ms)), cpu: Math.min(...rs.map((r) => r.cpu)), rss: Math.max(...rs.map((r) => r.rss)) });
const [b, t, lb, lt] = [best(runs.base), best(runs.tool), best(runs.latinBase), best(runs.latinTool)];
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`| list | copy (best of ${RUNS}) | kwiga-validate --offline | ratio | CPU ratio | peak RSS copy / tool |`);
console.log('|---|---:|---:|---:|---:|---:|');
console.log(`| Ukrainian, ≥15% Cyrillic local parts | ${secs(b.ms)} | ${secs(t.ms)} | ${(t.ms / b.ms).toFixed(2)}× | ${(t.cpu / b.cpu).toFixed(2)}× | ${mib(b.rss)} / ${mib(t.rss)} MiB |`);
console.log(`| same rows, Latin local parts | ${secs(lb.ms)} | ${secs(lt.ms)} | ${(lt.ms / lb.ms).toFixed(2)}× | ${(lt.cpu / lb.cpu).toFixed(2)}× | ${mib(lb.rss)} / ${mib(lt.rss)} MiB |`);

if (process.argv.includes('--profile')) {
  const rows = Number(process.env.PROFILE_ROWS ?? 200_000);
  const small = await list(rows);
  const profDir = join(dir, 'ua-prof');
  rmSync(profDir, { recursive: true, force: true });
  await measure(['--cpu-prof', `--cpu-prof-dir=${profDir}`, BIN, small, '--offline', '-q', '-o', join(dir, 'ua-prof-out')]);
  const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  console.log(`\nprofile of ${rows.toLocaleString('en-US')} rows:`);
  console.log(summarize(JSON.parse(readFileSync(join(profDir, prof), 'utf8'))));
}
