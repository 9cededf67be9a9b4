#!/usr/bin/env node
/**
 * DNS bench: N unique domains answered by the in-process test server (test/helpers/dns-server.ts)
 * with a fixed delay per answer (default 20 ms, a typical recursive-resolver cache miss on a good
 * line), checked through DomainChecker at several concurrencies. Prints lookups sent (must equal
 * the chain per domain), wall time and time per 1,000 domains.
 *
 *   node bench/dns-bench.mjs [--domains 5000] [--delay 20] [--concurrency 8,16,32,64,128,256] [--json]
 *
 * It imports the DNS modules from dist/ (build first: `npm run build`; `npm run bench` does) and
 * transpiles the test server with TypeScript's transpileModule into node_modules/.cache.
 * bench/run.mjs imports `loadDnsModules`, `shape` and `sweep` from here (importing runs nothing).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'kwiga-dns-bench');
/** The test DNS server is TypeScript under test/: transpiled here. The DNS modules come from dist/ (npm run bench builds it). */
const SOURCES = ['test/helpers/dns-server.ts'];

async function build() {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'package.json'), '{"type":"module"}\n');
  for (const source of SOURCES) {
    const text = await readFile(join(root, source), 'utf8');
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    });
    const target = join(out, source.replace(/\.ts$/, '.js'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
}

/** The DNS modules (built) and the test server (transpiled); returns what the benches use. */
export async function loadDnsModules() {
  await build();
  const load = (path) => import(pathToFileURL(join(out, path)).href);
  const dist = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
  const [{ DomainChecker }, { createUdpResolver }, { startDnsServer }] = await Promise.all([
    dist('dns/domain-checker.js'),
    dist('dns/resolver.js'),
    load('test/helpers/dns-server.js'),
  ]);
  return { DomainChecker, createUdpResolver, startDnsServer };
}

/**
 * The workload, by shape (chain length in queries): 70% MX (1), 15% A fallback (2: MX, A),
 * 5% AAAA fallback (3), 5% NXDOMAIN (1), 5% no mail at all (3: MX, A, AAAA). Gives the zone entry
 * of the i-th domain `name` (undefined: not in the zone, so NXDOMAIN) and the questions its chain asks.
 */
export function shape(i, name) {
  const slot = i % 20;
  if (slot < 14) return { entry: { MX: [[10, `mx.${name}`]] }, chain: ['MX'] };
  if (slot < 17) return { entry: { A: ['93.184.216.34'] }, chain: ['MX', 'A'] };
  if (slot < 18) return { entry: { AAAA: ['2606:2800:220:1::1'] }, chain: ['MX', 'A', 'AAAA'] };
  if (slot < 19) return { entry: undefined, chain: ['MX'] };
  return { entry: {}, chain: ['MX', 'A', 'AAAA'] };
}

function workload(count) {
  const zone = {};
  const domains = [];
  let expected = 0;
  for (let i = 0; i < count; i++) {
    const name = `d${i}.bench.test`;
    domains.push(name);
    const { entry, chain } = shape(i, name);
    if (entry) zone[name] = entry;
    expected += chain.length;
  }
  return { zone, domains, expected };
}

/**
 * N domains, each asked from two rows, through DomainChecker at each concurrency level against
 * the test server answering after `delay` ms. One result row per level.
 */
export async function sweep({ domains: N, delay, levels }) {
  const { DomainChecker, createUdpResolver, startDnsServer } = await loadDnsModules();
  const { zone, domains, expected } = workload(N);
  const server = await startDnsServer(zone, { delayMs: delay });
  const rows = [];
  try {
    for (const concurrency of levels) {
      server.log.length = 0;
      const resolver = createUdpResolver({ servers: [server.address], timeoutMs: 5000, retries: 0 });
      const checker = await DomainChecker.create({ resolver, concurrency });
      const started = performance.now();
      // Every domain twice, as rows of a list would repeat them: the second must cost nothing.
      const findings = await Promise.all([...domains, ...domains].map((d) => checker.lookup(d)));
      const ms = performance.now() - started;
      const report = checker.report();
      rows.push({
        concurrency,
        domains: report.domains,
        lookups: report.lookups,
        packets: server.log.length,
        expected,
        ok: report.lookups === expected && server.log.length === expected && report.errors === 0,
        wallMs: Math.round(ms),
        msPer1000: Math.round((ms / N) * 1000),
        qps: Math.round(server.log.length / (ms / 1000)),
        negatives: findings.filter(Boolean).length / 2,
      });
    }
  } finally {
    await server.close();
  }
  return { rows, expected };
}

async function main() {
  const { values } = parseArgs({
    options: {
      domains: { type: 'string', default: '5000' },
      delay: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8,16,32,64,128,256' },
      json: { type: 'boolean', default: false },
    },
  });
  const N = Number(values.domains);
  const DELAY = Number(values.delay);
  const { rows, expected } = await sweep({ domains: N, delay: DELAY, levels: values.concurrency.split(',').map(Number) });
  if (values.json) {
    console.log(JSON.stringify({ domains: N, delayMs: DELAY, rows }, null, 1));
  } else {
    console.log(`DNS: ${N} unique domains (each asked from 2 rows), ${DELAY} ms per answer, chain = ${expected} queries`);
    console.log('concurrency  lookups  packets  chain-ok  wall ms  ms/1000 domains  queries/s');
    for (const r of rows) {
      console.log(
        [String(r.concurrency).padStart(11), String(r.lookups).padStart(8), String(r.packets).padStart(8),
          (r.ok ? 'yes' : 'NO').padStart(9), String(r.wallMs).padStart(8), String(r.msPer1000).padStart(16),
          String(r.qps).padStart(10)].join(' '),
      );
    }
    console.log(`(modules transpiled to ${relative(root, out)})`);
  }
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
