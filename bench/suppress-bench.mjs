#!/usr/bin/env node
/**
 * Suppression-list bench (issue 6): a 10,000,000-entry SHA-256 list must load in a few seconds with
 * memory proportional to the entries. Generates the list in a temp dir (random digests plus the
 * digests of 1,000 known addresses), loads it with SuppressionSet, and prints load time, RSS/heap/
 * ArrayBuffer deltas, bytes per entry and match throughput; then the same for a 1,000,000-address
 * plain list. Uses the built library: `npm run build` first (npm run bench does).
 *
 *   node --expose-gc bench/suppress-bench.mjs [--entries 10000000] [--plain 1000000] [--lists hashed,plain] [--json]
 *
 * Memory deltas of the second list are only trustworthy in a fresh process (the first list's freed
 * buffers go back to the OS while the second loads, so its RSS delta can even come out negative):
 * bench/run.mjs runs one process per list with --lists.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SuppressionSet } from '../dist/suppression/index.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '10000000' },
    plain: { type: 'string', default: '1000000' },
    lists: { type: 'string', default: 'hashed,plain' },
    json: { type: 'boolean' },
  },
});
const LISTS = new Set(values.lists.split(','));
const ENTRIES = Number(values.entries);
const PLAIN = Number(values.plain);
const KNOWN = 1000;
const HEX = Buffer.from('0123456789abcdef');
const mib = (b) => b / 1024 / 1024;

/** Write `count` lines produced by `fill(buf, offset, index) → new offset` through one big buffer. */
async function writeLines(file, count, lineMax, fill) {
  const fh = await open(file, 'w');
  const batch = 100_000;
  const buf = Buffer.allocUnsafe(batch * lineMax);
  for (let i = 0; i < count; i += batch) {
    let o = 0;
    const n = Math.min(batch, count - i);
    for (let j = 0; j < n; j++) o = fill(buf, o, i + j);
    await fh.write(buf, 0, o);
  }
  await fh.close();
}

function snapshot() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
}

/** Load one file and measure; then time `probe` matches over the given addresses. */
async function measure(label, file, entries, probes) {
  const before = snapshot();
  const t0 = performance.now();
  const set = await SuppressionSet.load([file]);
  const loadMs = performance.now() - t0;
  const after = snapshot();
  let hits = 0;
  const t1 = performance.now();
  for (const a of probes) {
    const at = a.lastIndexOf('@');
    if (set.match(a, a.slice(0, at), a.slice(at + 1))) hits++;
  }
  const matchMs = performance.now() - t1;
  const r = {
    label, entries, fileMiB: +mib((await stat(file)).size).toFixed(1), loadS: +(loadMs / 1000).toFixed(2),
    rssDeltaMiB: +mib(after.rss - before.rss).toFixed(1), heapDeltaMiB: +mib(after.heap - before.heap).toFixed(1),
    buffersDeltaMiB: +mib(after.buffers - before.buffers).toFixed(1),
    bytesPerEntry: +((after.rss - before.rss) / entries).toFixed(1),
    matchesPerS: Math.round(probes.length / (matchMs / 1000)), hits, probes: probes.length,
    report: set.report()[0],
  };
  return { r, set };
}

const dir = await mkdtemp(join(tmpdir(), 'kwiga-suppress-bench-'));
const results = [];
try {
  // 1. hashed SHA-256 list
  if (LISTS.has('hashed')) await hashedList();
  // 2. plain address list
  if (LISTS.has('plain')) await plainList();
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function hashedList() {
  const hashed = join(dir, 'sha256.txt');
  const rnd = randomBytes(32 * 100_000);
  await writeLines(hashed, ENTRIES, 65, (buf, o, i) => {
    const digest = i < KNOWN ? createHash('sha256').update(`known${i}@example.com`).digest()
      : rnd.subarray(((i * 7919) % 99_999) * 32, ((i * 7919) % 99_999) * 32 + 32);
    // Vary random lines so the 100,000-digest pool yields distinct entries: mix in the index.
    for (let k = 0; k < 32; k++) {
      let byte = digest[k];
      if (i >= KNOWN && k < 4) byte ^= (i >>> (8 * k)) & 0xff;
      buf[o++] = HEX[byte >> 4];
      buf[o++] = HEX[byte & 15];
    }
    buf[o++] = 10;
    return o;
  });
  const probes = [];
  for (let i = 0; i < 1_000_000; i++) probes.push(i % 100 === 0 ? `known${(i / 100) % KNOWN}@example.com` : `user${i}@example.org`);
  const h = await measure('SHA-256 hashed list', hashed, ENTRIES, probes);
  results.push(h.r);
  h.set.report(); // keep the set alive until measured
  await rm(hashed);
}

async function plainList() {
  const plain = join(dir, 'plain.txt');
  await writeLines(plain, PLAIN, 64, (buf, o, i) => o + buf.write(`someone.${i}@example${i % 1000}.com\n`, o, 'latin1'));
  const plainProbes = [];
  for (let i = 0; i < 1_000_000; i++) plainProbes.push(i % 100 === 0 ? `someone.${i}@example${i % 1000}.com` : `user${i}@example.org`);
  results.push((await measure('plain address list', plain, PLAIN, plainProbes)).r);
}

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log('| list | entries | file | load | RSS Δ | heap Δ | buffers Δ | bytes/entry | matches/s | hits |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.label} | ${r.entries.toLocaleString('en-US')} | ${r.fileMiB} MiB | ${r.loadS} s | ${r.rssDeltaMiB} MiB | ${r.heapDeltaMiB} MiB | ${r.buffersDeltaMiB} MiB | ${r.bytesPerEntry} | ${r.matchesPerS.toLocaleString('en-US')} | ${r.hits}/${r.probes} |`);
  }
  if (!globalThis.gc) console.log('\n(run with node --expose-gc for steadier memory deltas)');
}
