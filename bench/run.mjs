// npm run bench: times kwiga-validate --offline against a plain csv-parse → csv-stringify copy of
// the same 1,000,000-row file, in the same run, and prints the ratio (machines here are noisy, so
// only ratios mean something). Peak memory is each process's max RSS. Then:
//  - DNS: the same file with every unique domain answered by the local DNS test server
//    (test/helpers/dns-server.ts, running in this process) after a fixed 20 ms, the CLI as a child
//    at the default concurrency; lookups are checked against the chain each domain needs;
//  - the DNS concurrency sweep of bench/dns-bench.mjs (DomainChecker alone);
//  - suppression: bench/suppress-bench.mjs (10M SHA-256 hashes: load time, memory);
//  - typos: bench/typos-vs-mailcheck.mjs (our suggestions vs the mailcheck package);
//  - ukrainian: issue 17's list (bench/ukrainian-list.mjs: Cyrillic names and course titles, notes
//    with line breaks, 17 % Cyrillic or mixed-script local parts) against its own plain copy;
//  - smtp: bench/smtp-bench.mjs (1,000 addresses over 50 loopback mail hosts answering after
//    50 ms: the batched prober vs one connection per address, in the same run);
//  - xlsx: bench/xlsx-bench.mjs (a 200,000-row workbook through the CLI against exceljs's
//    streaming reader alone).
// `npm run bench -- --docs` also writes the tables to docs/benchmarks.md (a partial run replaces
// only its own sections). BENCH_ONLY=offline,dns,sweep,suppress,typos,ukrainian,smtp,xlsx runs
// some parts; BENCH_ROWS / BENCH_RUNS change the CSV size / repeats (XLSX_BENCH_ROWS /
// XLSX_BENCH_RUNS the workbook's).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureNode } from './measure.mjs';
import { generate } from './generate.mjs';
import { loadDnsModules, shape, sweep } from './dns-bench.mjs';
import { generate as generateUkrainian } from './ukrainian-list.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PARTS = ['offline', 'dns', 'sweep', 'suppress', 'typos', 'ukrainian', 'smtp', 'xlsx'];
const ONLY = new Set((process.env.BENCH_ONLY ?? PARTS.join(',')).split(','));
const DELAY_MS = 20;
const here = import.meta.dirname;
const BIN = join(here, '../bin/kwiga-validate.js');
const dir = join(here, 'data');
mkdirSync(dir, { recursive: true });
const file = join(dir, `contacts-${ROWS}.csv`);
const needsFile = ONLY.has('offline') || ONLY.has('dns');
if (needsFile && !existsSync(file)) {
  console.log(`generating ${ROWS.toLocaleString('en-US')} rows…`);
  await generate(file, ROWS);
}
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const int = (n) => Math.round(n).toLocaleString('en-US');
const TARGET_RSS = 256 * 2 ** 20;
const benchStarted = Date.now();
const loadAtStart = loadavg()[0];
const sections = [];
const section = (title, lines) => {
  sections.push({ title, lines });
  console.log(`\n## ${title}\n\n${lines.join('\n')}`);
};
let failed = false;

const measure = (args) => measureNode(args, join(dir, `rss-${process.pid}.txt`));

async function best(args) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure(args));
  return pick(results);
}

/** Best wall and CPU time of several runs, and their highest peak memory. */
function pick(results) {
  return { ms: Math.min(...results.map((r) => r.ms)), cpu: Math.min(...results.map((r) => r.cpu)), rss: Math.max(...results.map((r) => r.rss)) };
}

if (needsFile) console.log(`input: ${file} (${mib(statSync(file).size)} MiB, ${ROWS.toLocaleString('en-US')} rows)`);
let offline;
if (ONLY.has('offline')) {
  const base = await best([join(here, 'baseline-copy.mjs'), file, join(dir, 'copy.csv')]);
  offline = await best([BIN, file, '--offline', '-q', '-o', join(dir, 'out')]);
  section(`Offline: ${ROWS.toLocaleString('en-US')} rows, best of ${RUNS}`, versusCopy(base, offline));
}

if (ONLY.has('dns')) section(`DNS: every domain of the file answered by a local server after ${DELAY_MS} ms`, await dnsRun());
if (ONLY.has('sweep')) {
  const { rows, expected } = await sweep({ domains: 5000, delay: DELAY_MS, levels: [16, 32, 64, 128, 256] });
  if (rows.some((r) => !r.ok)) failed = true;
  section(`DNS concurrency (DomainChecker alone: 5,000 domains, each from 2 rows, ${DELAY_MS} ms per answer, chain ${int(expected)} queries)`, [
    '| concurrency | lookups = chain | wall time | per 1,000 domains | queries/s |',
    '|---:|:---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.concurrency}${r.concurrency === 64 ? ' (default)' : ''} | ${r.ok ? `yes (${int(r.lookups)})` : `**NO** (${r.lookups}/${r.packets})`} | ${secs(r.wallMs)} | ${int(r.msPer1000)} ms | ${int(r.qps)} |`),
  ]);
}
if (ONLY.has('suppress')) {
  // One process per list, so each memory delta starts from a clean heap.
  const rows = ['hashed', 'plain'].flatMap((list) => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'suppress-bench.mjs'), '--lists', list, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`suppress-bench --lists ${list} exited ${r.status}`);
    return JSON.parse(r.stdout);
  });
  section('Suppression lists (SuppressionSet.load; 1,000,000 probes, 1 % listed)', [
    '| list | entries | file | load | RSS Δ | bytes/entry | matches/s | hits |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((x) => `| ${x.label} | ${int(x.entries)} | ${x.fileMiB} MiB | ${x.loadS} s | ${x.rssDeltaMiB} MiB | ${x.bytesPerEntry} | ${int(x.matchesPerS)} | ${int(x.hits)}/${int(x.probes)} |`),
  ]);
}
if (ONLY.has('typos')) {
  const r = spawnSync(process.execPath, [join(here, 'typos-vs-mailcheck.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) failed = true;
  const lines = [
    '| corpus | cases | right: ours | right: mailcheck | wrong: ours | wrong: mailcheck | documented differences |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const pattern = /^(\S+): (\d+) cases; right ours (\d+) \/ mailcheck (\d+); wrong ours (\d+) \/ mailcheck (\d+); documented differences (\d+)/;
  for (const line of r.stdout.split('\n')) {
    const m = pattern.exec(line);
    if (m) lines.push(`| ${m.slice(1).join(' | ')} |`);
  }
  section('Typo suggestions vs mailcheck (corpora in test/corpora/typos)', lines);
}
if (ONLY.has('xlsx')) {
  const { xlsxBench } = await import('./xlsx-bench.mjs');
  const { title, lines, ok } = await xlsxBench();
  if (!ok) failed = true;
  section(title, lines);
}

if (ONLY.has('ukrainian')) section(`Ukrainian list: ${ROWS.toLocaleString('en-US')} rows, best of ${RUNS}`, await ukrainianRun());
if (ONLY.has('smtp')) section('SMTP: 1,000 addresses over 50 domains, every reply after 50 ms', smtpRun());

if (process.argv.includes('--docs')) writeDocs();
if (failed) {
  console.error('\nbench: a check failed (lookups differ from the chains, a typo corpus regressed, SMTP verdicts differ, or the workbook run missed its targets)');
  process.exitCode = 1;
}

/**
 * The 1M-row file through the CLI with DNS on. Each unique domain gets a zone entry: company
 * domains by the shapes of bench/dns-bench.mjs (MX, A or AAAA fallback, NXDOMAIN, nothing);
 * popular providers an MX; the generator's typo domains stay out of the zone (NXDOMAIN). Then the
 * same domains once each (one row per domain), which is the DNS time alone.
 */
async function dnsRun() {
  const { startDnsServer } = await loadDnsModules();
  const domains = domainsOf(file);
  const zone = {};
  const chains = new Map();
  for (const name of domains.keys()) {
    const company = /^company(\d+)\.com$/.exec(name);
    // generate.mjs's TYPOS: misspellings, not in the zone.
    const typo = /^(gmial\.com|gmail\.con|hotmial\.com|ukr\.ner|yaho\.com|outlok\.com)$/.test(name);
    const s = company ? shape(Number(company[1]), name) : typo ? { chain: ['MX'] } : { entry: { MX: [[10, `mx.${name}`]] }, chain: ['MX'] };
    if (s.entry) zone[name] = s.entry;
    chains.set(name, s.chain);
  }
  const server = await startDnsServer(zone, { delayMs: DELAY_MS });
  const rows = [];
  const lines = [];
  try {
    const onePerDomain = join(dir, 'one-per-domain.csv');
    writeFileSync(onePerDomain, `Email\n${[...domains.keys()].map((d) => `someone@${d}`).join('\n')}\n`);
    for (const [label, input, count] of [[`${ROWS.toLocaleString('en-US')} rows`, file, ROWS], ['one row per domain', onePerDomain, domains.size]]) {
      server.log.length = 0;
      const out = join(dir, 'out-dns');
      rmSync(out, { recursive: true, force: true });
      const run = await measure([BIN, input, '--dns-server', server.address, '-q', '-o', out]);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      const check = checkChains(server.log, chains);
      const ok = check.ok && report.dns.status === 'ok' && report.dns.lookups === server.log.length && report.dns.domains === check.asked;
      if (!ok) failed = true;
      rows.push({ label, count, run, report, check, ok });
    }
  } finally {
    await server.close();
  }
  const notAsked = [...domains.keys()].filter((d) => !rows[0].check.askedNames.has(d));
  // DNS time: for the whole file, what DNS added to the offline run; one row per domain is all DNS.
  const dnsMs = (i) => (i === 1 ? rows[1].run.ms : offline ? rows[0].run.ms - offline.ms : undefined);
  lines.push(
    '| input | rows | domains asked | lookups sent | = chain per domain | wall time | DNS time | per 1,000 domains | peak memory |',
    '|---|---:|---:|---:|:---:|---:|---:|---:|---:|',
    ...rows.map(({ label, count, run, report, check, ok }, i) => {
      const ms = dnsMs(i);
      return `| ${label} | ${int(count)} | ${int(report.dns.domains)} | ${int(report.dns.lookups)} | ${ok ? 'yes' : `**NO** (expected ${int(check.expected)})`} | ${secs(run.ms)} | ${ms === undefined ? '—' : secs(ms)} | ${ms === undefined ? '—' : `${int((ms / report.dns.domains) * 1000)} ms`} | ${mib(run.rss)} MiB |`;
    }),
    '',
    `Default concurrency (64) and timeout. Chains: ${int(rows[1].check.expected)} questions for ${int(rows[1].check.asked)} domains (MX; MX+A; MX+A+AAAA), each asked once however many rows share it.`,
    `DNS time of the whole file = its wall time minus the offline run's${offline ? ` (${secs(offline.ms)})` : ' (run with offline to see it)'}; of one row per domain = its wall time, start-up included.`,
    `Peak memory < 256 MiB: ${rows.map((r) => `${r.label} ${r.run.rss < TARGET_RSS ? 'met' : '**not met**'}`).join(', ')}.`,
    `Unique domains in the file: ${int(domains.size)}${notAsked.length ? `; not asked: ${notAsked.join(', ')} (every row of them is rejected before DNS)` : ''}.`,
  );
  return lines;
}

/**
 * Issue 17's Ukrainian list: Cyrillic names and course titles in every row, notes with line breaks,
 * 17 % Cyrillic or mixed-script local parts, a few punctuation slips. The copy and the tool take
 * turns, so a slow phase of the machine hits both.
 */
async function ukrainianRun() {
  const uaFile = join(dir, `ukrainian-${ROWS}.csv`);
  if (!existsSync(uaFile)) await generateUkrainian(uaFile, ROWS);
  const base = [];
  const tool = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure([join(here, 'baseline-copy.mjs'), uaFile, join(dir, 'ua-copy.csv')]));
    tool.push(await measure([BIN, uaFile, '--offline', '-q', '-o', join(dir, 'ua-out')]));
  }
  const report = JSON.parse(readFileSync(join(dir, 'ua-out', 'report.json'), 'utf8'));
  const reasons = Object.entries(report.reasons).filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]);
  return [
    `Input: bench/ukrainian-list.mjs, ${mib(statSync(uaFile).size)} MiB.`,
    '',
    ...versusCopy(pick(base), pick(tool)),
    `Verdicts: ${int(report.totals.clean)} clean, ${int(report.totals.review)} review, ${int(report.totals.rejected)} rejected; reasons ${reasons.map(([code, n]) => `${code} ${int(n)}`).join(', ')}.`,
  ];
}

/** The tool against the plain copy of the same file: wall and CPU time, peak memory, targets. */
function versusCopy(b, t) {
  const ratio = t.ms / b.ms;
  const cpuRatio = t.cpu / b.cpu;
  return [
    '| run | wall time | CPU time | peak memory |',
    '|---|---:|---:|---:|',
    `| csv-parse → csv-stringify copy (baseline) | ${secs(b.ms)} | ${secs(b.cpu)} | ${mib(b.rss)} MiB |`,
    `| kwiga-validate --offline | ${secs(t.ms)} | ${secs(t.cpu)} | ${mib(t.rss)} MiB |`,
    `| ratio | ${ratio.toFixed(2)}× | ${cpuRatio.toFixed(2)}× | |`,
    '',
    `rows/s: ${int(ROWS / (t.ms / 1000))}. Targets: ratio ≤ 1.5 (${Number(ratio.toFixed(2)) <= 1.5 ? 'met' : '**not met**'}), peak memory < 256 MiB (${t.rss < TARGET_RSS ? 'met' : '**not met**'}). CPU time (user + system, all threads) is the cost of the work alone; on a busy machine the wall time also holds waits for a core.`,
  ];
}

/**
 * bench/smtp-bench.mjs in a child: each domain on its own loopback mail host (127.0.3.x), every
 * reply after 50 ms; the batched prober and one connection per address (the peers' way), in the
 * same run, both 5 connections at once and without the per-host rate limit.
 */
function smtpRun() {
  const r = spawnSync(process.execPath, [join(here, 'smtp-bench.mjs'), '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`smtp-bench exited ${r.status}`);
  const x = JSON.parse(r.stdout);
  if (!x.sameVerdicts) failed = true;
  const row = (label, w) => `| ${label} | ${secs(w.wallMs)} | ${int(w.sessions)} | ${int(w.rcpts)} | ${w.rcptsPerSession.toFixed(2)} |`;
  return [
    '| way | wall time | sessions | RCPTs | RCPTs per session |',
    '|---|---:|---:|---:|---:|',
    row('batched (the prober of --smtp)', x.batched),
    row('one connection per address (the peers\' way)', x.onePerAddress),
    `| ratio batched / one per address | ${x.ratio.wall.toFixed(2)}× | ${x.ratio.sessions.toFixed(2)}× | ${x.ratio.rcpts.toFixed(2)}× | |`,
    '',
    `${int(x.addresses)} addresses (every tenth unknown) over ${x.domains} domains, one loopback host each; ${x.concurrency} connections at once; no rate limit (the default 1 RCPT/s per host would dominate both). Batched: one session per domain, up to 20 RCPTs per envelope, one random RCPT per domain for the catch-all check. One per address: connect, EHLO, MAIL FROM, a random RCPT, the RCPT, QUIT. Same verdicts for every address: ${x.sameVerdicts ? 'yes' : '**NO**'}.`,
  ];
}

/** Unique lowercased domains of the file's Email column (3rd; generate.mjs quotes only later fields). */
function domainsOf(path) {
  const domains = new Map();
  const text = readFileSync(path, 'utf8');
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c1 = text.indexOf(',', start);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    const email = text.slice(c2 + 1, c3);
    const at = email.lastIndexOf('@');
    if (at > 0) {
      const d = email.slice(at + 1).toLowerCase();
      domains.set(d, (domains.get(d) ?? 0) + 1);
    }
    start = end + 1;
  }
  return domains;
}

/** Every asked domain got exactly its chain's questions, each once. */
function checkChains(log, chains) {
  const byName = new Map();
  for (const q of log) {
    const list = byName.get(q.name) ?? [];
    list.push(q.type);
    byName.set(q.name, list);
  }
  let expected = 0;
  let ok = true;
  for (const [name, types] of byName) {
    const chain = chains.get(name);
    if (!chain) {
      ok = false;
      continue;
    }
    expected += chain.length;
    if (types.join() !== chain.join()) ok = false;
  }
  return { ok, expected, asked: byName.size, askedNames: new Set(byName.keys()) };
}

/** `## title` blocks of a benchmarks page, keyed by the title before its colon. */
function docSections(text) {
  const blocks = text.split(/^(?=## )/m);
  const head = blocks[0].startsWith('## ') ? '' : blocks.shift();
  return { head, blocks: blocks.map((b) => ({ key: b.slice(3, b.indexOf(':') > 0 ? b.indexOf(':') : b.indexOf('\n')), text: b.trimEnd() })) };
}

/** A partial run (BENCH_ONLY) replaces its own sections in docs/benchmarks.md and keeps the rest. */
function mergeDocs(path) {
  const old = docSections(readFileSync(path, 'utf8'));
  const date = new Date().toISOString().slice(0, 10);
  const fresh = sections.map(({ title, lines }) => ({
    key: title.slice(0, title.indexOf(':') > 0 ? title.indexOf(':') : title.length),
    text: [`## ${title}`, '', ...lines, '', `(Measured ${date}, \`BENCH_ONLY=${[...ONLY].join(',')} npm run bench -- --docs\`, load average ${loadAtStart.toFixed(2)}.)`].join('\n'),
  }));
  const blocks = old.blocks.map((b) => fresh.find((f) => f.key === b.key) ?? b);
  for (const f of fresh) if (!old.blocks.some((b) => b.key === f.key)) blocks.push(f);
  writeFileSync(path, `${old.head.trimEnd()}\n\n${blocks.map((b) => b.text).join('\n\n')}\n`);
}

function writeDocs() {
  const path = join(here, '../docs/benchmarks.md');
  if (PARTS.some((p) => !ONLY.has(p)) && existsSync(path)) {
    mergeDocs(path);
    console.log('\nupdated docs/benchmarks.md');
    return;
  }
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node.js ${process.versions.node}`;
  const date = new Date().toISOString().slice(0, 10);
  const minutes = ((Date.now() - benchStarted) / 60_000).toFixed(1);
  const body = [
    '# Benchmarks',
    '',
    `- Date: ${date}`,
    `- Machine: ${machine}`,
    `- Load average when the bench started: ${loadAtStart.toFixed(2)} (other work on the machine shows up as noise)`,
    `- Command: \`npm run bench -- --docs\` (bench/run.mjs), ${minutes} minutes for everything`,
    '',
    'Shared virtual machines are noisy: compare ratios within one run rather than seconds across runs.',
    '',
    'The input is bench/generate.mjs\'s synthetic list (names, phones, tags; about 60 % of addresses at',
    '19 popular providers, 40 % at 20,000 company domains, a few percent bad addresses, typos and',
    'duplicates). DNS answers come from the test server of the test suite (test/helpers/dns-server.ts, a',
    'real UDP server on 127.0.0.1) after a fixed delay, about a recursive resolver\'s cache miss on a good',
    'line. The server runs in the bench process, the CLI as a child: both share the two cores.',
    'The Ukrainian list is bench/ukrainian-list.mjs\'s (issue 17: Cyrillic names and course titles in every',
    'row, notes with line breaks, 17 % Cyrillic or mixed-script local parts, a few punctuation slips).',
    '',
    ...sections.flatMap(({ title, lines }) => [`## ${title}`, '', ...lines, '']),
  ];
  writeFileSync(path, body.join('\n'));
  console.log('\nwrote docs/benchmarks.md');
}
