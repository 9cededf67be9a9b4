// Right/wrong on test/corpora/ukrainian/addresses.json, by class: "before" is today's pipeline
// (checkAddress + classify with DEFAULT_POLICY), "modules" is the reference composition of issue 17's
// new modules in scripts/ukrainian-judge.mjs (the integration of phase 2 should reach at least that).
// A row is right when the bucket matches and the suggestion matches (for clean rows: the address
// written to clean.csv). Reasons are reported apart: the new codes do not exist before.
// Usage: npm run build && node scripts/ukrainian-eval.mjs [--json] [--wrong]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, modules } from './ukrainian-judge.mjs';

const corpus = JSON.parse(readFileSync(join(import.meta.dirname, '../test/corpora/ukrainian/addresses.json'), 'utf8'));
const json = process.argv.includes('--json');
const showWrong = process.argv.includes('--wrong');

function right(expected, got) {
  if (got.bucket !== expected.bucket) return false;
  if (expected.bucket === 'clean') return expected.suggestion == null || got.address === expected.suggestion;
  return (got.suggestion ?? null) === (expected.suggestion ?? null);
}

const byClass = new Map();
const totals = { rows: 0, before: 0, modules: 0, beforeReason: 0, modulesReason: 0 };
const wrong = [];
for (const e of corpus.entries) {
  const b = before(e.address);
  const m = modules(e.address);
  const row = byClass.get(e.cls) ?? { rows: 0, before: 0, modules: 0 };
  row.rows++;
  totals.rows++;
  if (right(e, b)) (row.before++, totals.before++);
  if (right(e, m)) (row.modules++, totals.modules++);
  else wrong.push({ address: e.address, expected: [e.bucket, e.reason, e.suggestion], got: [m.bucket, m.reason, m.suggestion ?? m.address] });
  if ((b.reason ?? null) === (e.reason ?? null)) totals.beforeReason++;
  if ((m.reason ?? null) === (e.reason ?? null)) totals.modulesReason++;
  byClass.set(e.cls, row);
}
if (json) {
  console.log(JSON.stringify({ totals, classes: Object.fromEntries(byClass) }, null, 1));
} else {
  console.log('| class | rows | before right | before wrong | modules right | modules wrong |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [cls, r] of byClass) console.log(`| ${cls} | ${r.rows} | ${r.before} | ${r.rows - r.before} | ${r.modules} | ${r.rows - r.modules} |`);
  const t = totals;
  console.log(`| **all** | ${t.rows} | ${t.before} | ${t.rows - t.before} | ${t.modules} | ${t.rows - t.modules} |`);
  console.log(`\nreason code also right: before ${t.beforeReason}/${t.rows}, modules ${t.modulesReason}/${t.rows}`);
  if (showWrong) for (const w of wrong) console.log(JSON.stringify(w));
}
