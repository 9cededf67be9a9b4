#!/usr/bin/env node
/**
 * The pace (src/dns/pace.ts) on a big list: N unique domains answered by the in-process test
 * server after a fixed delay (default 20 ms), a share of them dead (their questions never answered,
 * as when a domain's name servers are gone and our stub times out before the resolver's SERVFAIL),
 * optionally behind a rate limit like unbound's `ip-ratelimit` (over Q questions a second, one in
 * ten gets through). DomainChecker at its defaults (--concurrency, --dns-timeout, retries). Prints
 * wall time, the lowest and mean concurrency, dns_errors, queries sent (and to dead domains) and
 * the DNS status. Which domains are dead is seeded: the same on every run and branch.
 *
 *   node bench/dns-pace-bench.mjs [--domains 5000] [--dead 0,1,3] [--delay 20] [--ratelimit Q] [--json]
 *
 * Build first (`npm run build`): it imports dist/ through bench/dns-bench.mjs's loadDnsModules.
 * With default flags a dead domain holds its slot for 3 × 2 s, so 20,000 domains take minutes.
 */
import { parseArgs } from 'node:util';
import { loadDnsModules, shape } from './dns-bench.mjs';
import { mulberry32 } from './random.mjs';

/** The zone: `shape`'s workload, with `deadPct` % of the names never answered. */
function workload(count, deadPct) {
  const rand = mulberry32(42);
  const zone = {};
  const domains = [];
  const dead = new Set();
  for (let i = 0; i < count; i++) {
    const name = `d${i}.bench.test`;
    domains.push(name);
    if (rand() * 100 < deadPct) {
      dead.add(name);
      zone[name] = { behaviour: { never: true } };
      continue;
    }
    const { entry } = shape(i, name);
    if (entry) zone[name] = entry;
  }
  return { zone, domains, dead };
}

/** unbound's ip-ratelimit over a sliding second: over the limit, one question in 10 gets through. */
function rateLimit(perSecond) {
  const passed = [];
  let over = 0;
  return () => {
    const now = Date.now();
    while (passed.length > 0 && passed[0] <= now - 1000) passed.shift();
    if (passed.length >= perSecond && ++over % 10 !== 0) return true;
    passed.push(now);
    return false;
  };
}

/** One run: the list through a fresh checker and server. */
export async function paceRun({ domains: count, deadPct, delay, ratelimit }) {
  const { DomainChecker, startDnsServer } = await loadDnsModules();
  const { zone, domains, dead } = workload(count, deadPct);
  const server = await startDnsServer(zone, { delayMs: delay, ...(ratelimit ? { drop: rateLimit(ratelimit) } : {}) });
  try {
    const checker = await DomainChecker.create({ servers: [server.address] });
    // p-limit's concurrency, sampled: the pace changes it (main has no pace: constant).
    const limit = checker.pace?.limit ?? checker.limit;
    let samples = 0;
    let sum = 0;
    const sampler = setInterval(() => {
      samples++;
      sum += limit.concurrency;
    }, 50);
    const started = performance.now();
    const findings = await Promise.all(domains.map((d) => checker.lookup(d)));
    const ms = performance.now() - started;
    clearInterval(sampler);
    const report = checker.report();
    const deadQueries = server.log.filter((q) => dead.has(q.name)).length;
    return {
      domains: count,
      deadPct,
      dead: dead.size,
      ratelimit,
      wallS: Number((ms / 1000).toFixed(1)),
      lowest: checker.pace?.lowest ?? limit.concurrency,
      meanConcurrency: samples ? Number((sum / samples).toFixed(1)) : limit.concurrency,
      dnsErrors: findings.filter((f) => f?.code === 'dns_error').length,
      // Dead domains without a verdict: DNS was given up before they got theirs.
      deadUnchecked: findings.filter((f, i) => f === undefined && dead.has(domains[i])).length,
      queries: server.log.length,
      deadQueries,
      perDead: dead.size ? Number((deadQueries / dead.size).toFixed(2)) : 0,
      status: report.status,
    };
  } finally {
    await server.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      domains: { type: 'string', default: '5000' },
      dead: { type: 'string', default: '0,1,3' },
      delay: { type: 'string', default: '20' },
      ratelimit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const base = { domains: Number(values.domains), delay: Number(values.delay), ratelimit: values.ratelimit ? Number(values.ratelimit) : undefined };
  if (!values.json) {
    console.log(`DNS pace: ${base.domains} unique domains, ${base.delay} ms per answer${base.ratelimit ? `, rate limit ${base.ratelimit} q/s` : ''}, default flags`);
    console.log('dead %  dead  wall s  lowest  mean conc.  dns_error  queries  per dead  status (dead unchecked)');
  }
  for (const deadPct of values.dead.split(',').map(Number)) {
    const r = await paceRun({ ...base, deadPct });
    if (values.json) console.log(JSON.stringify(r));
    else {
      console.log([String(deadPct).padStart(6), String(r.dead).padStart(5), String(r.wallS).padStart(7), String(r.lowest).padStart(7),
        String(r.meanConcurrency).padStart(11), String(r.dnsErrors).padStart(10), String(r.queries).padStart(8),
        String(r.perDead).padStart(9), `  ${r.status}${r.deadUnchecked ? ` (${r.deadUnchecked})` : ''}`].join(' '));
    }
  }
}

await main();
