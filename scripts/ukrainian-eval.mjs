// Issue 17's corpus (test/corpora/ukrainian/addresses.json) through the real engine: each address
// is one row of its own offline `validateRows` run (one run per row, so entries cannot be
// duplicates of each other). A row is right when the bucket matches and the suggestion matches
// (for a clean row: the address clean.csv holds); the reason code is counted apart.
// "before" is test/corpora/ukrainian/before.json: the same runs on main at 3e3160d, before the
// wiring of issue 17 (recorded with --record-before <that build's dist/index.js>).
// Usage: npm run build && node scripts/ukrainian-eval.mjs [--wrong] [--record-before <dist/index.js>]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CORPUS = join(import.meta.dirname, '../test/corpora/ukrainian/addresses.json');
const BEFORE = join(import.meta.dirname, '../test/corpora/ukrainian/before.json');

/** The corpus. */
export function loadCorpus() {
  return JSON.parse(readFileSync(CORPUS, 'utf8'));
}

/** The recorded verdicts of the engine before the wiring, by address. */
export function loadBefore() {
  return JSON.parse(readFileSync(BEFORE, 'utf8')).verdicts;
}

/** One address through `validateRows` (offline), as { bucket, reason, suggestion, address }. */
export async function verdict(validateRows, address) {
  let got;
  for await (const row of validateRows([address], { offline: true })) got = row;
  return { bucket: got.bucket, reason: got.reason ?? null, suggestion: got.suggestion ?? null, address: got.address?.normalized ?? null };
}

/** Whether a verdict is right for an entry: bucket, and suggestion (clean: the address written). */
export function isRight(entry, got) {
  if (got.bucket !== entry.bucket) return false;
  if (entry.bucket === 'clean') return entry.suggestion === null || got.address === entry.suggestion;
  return got.suggestion === entry.suggestion;
}

/** Right/wrong per class, before and now, as a markdown table; totals in `totals`. */
export function score(entries, before, now) {
  const classes = new Map();
  const totals = { rows: 0, before: 0, now: 0, reasonBefore: 0, reasonNow: 0 };
  for (const e of entries) {
    const c = classes.get(e.cls) ?? { rows: 0, before: 0, now: 0 };
    const b = before[e.address];
    const n = now[e.address];
    c.rows++;
    totals.rows++;
    if (b && isRight(e, b)) (c.before++, totals.before++);
    if (isRight(e, n)) (c.now++, totals.now++);
    if (b && b.reason === e.reason) totals.reasonBefore++;
    if (n.reason === e.reason) totals.reasonNow++;
    classes.set(e.cls, c);
  }
  const lines = ['| class | rows | before right | before wrong | now right | now wrong |', '|---|---:|---:|---:|---:|---:|'];
  for (const [cls, c] of classes) lines.push(`| ${cls} | ${c.rows} | ${c.before} | ${c.rows - c.before} | ${c.now} | ${c.rows - c.now} |`);
  const t = totals;
  lines.push(`| **all** | ${t.rows} | ${t.before} | ${t.rows - t.before} | ${t.now} | ${t.rows - t.now} |`);
  lines.push('', `reason code also right: before ${t.reasonBefore}/${t.rows}, now ${t.reasonNow}/${t.rows}`);
  return { table: lines.join('\n'), totals, classes: Object.fromEntries(classes) };
}

async function main() {
  const corpus = loadCorpus();
  const record = process.argv.indexOf('--record-before');
  if (record > 0) {
    const { validateRows } = await import(pathToFileURL(process.argv[record + 1]).href);
    const verdicts = {};
    for (const e of corpus.entries) verdicts[e.address] = await verdict(validateRows, e.address);
    const note = 'Verdicts of the engine on main at 3e3160d (before issue 17 was wired in), one offline validateRows run per address.';
    writeFileSync(BEFORE, `${JSON.stringify({ note, verdicts }, null, 1)}\n`);
    console.log(`recorded ${corpus.entries.length} verdicts in ${BEFORE}`);
    return;
  }
  const { validateRows } = await import('../dist/index.js');
  const now = {};
  for (const e of corpus.entries) now[e.address] = await verdict(validateRows, e.address);
  console.log(score(corpus.entries, loadBefore(), now).table);
  if (process.argv.includes('--wrong')) {
    for (const e of corpus.entries) {
      const n = now[e.address];
      if (!isRight(e, n)) console.log(JSON.stringify({ address: e.address, expected: [e.bucket, e.reason, e.suggestion], got: [n.bucket, n.reason, n.suggestion ?? n.address] }));
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
