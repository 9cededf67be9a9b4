/**
 * The SMTP mailbox prober: one call per address, as one stage of the pipeline. Addresses of one
 * domain are batched into one session (call `probe` for many addresses without awaiting each;
 * the prober groups them), hosts are probed `concurrency` at a time, one session per host.
 *
 *   const prober = createSmtpProber({ from, helo, lookupHost });
 *   const answer = await prober.probe({ local: 'olena', domain: 'example.com' }, ['mx1.example.com']);
 *   …
 *   await prober.close();
 *   const counters = prober.report();
 */
import { expiresAt } from './cache.js';
import { ProberCore } from './core.js';
import { answerOf, type DomainJob, type Item } from './state.js';
import { resolveOptions, type SmtpProberOptions } from './options.js';
import { providerRule } from './providers.js';
import type { MailboxAnswer, MailboxKind, ProbeAddress, SmtpReport } from './types.js';

/** The prober's interface. */
export interface SmtpProber {
  /**
   * Probes one address. `mx` holds the domain's MX host names in preference order (only the first
   * two are tried). Never rejects: every outcome is a `MailboxAnswer`.
   */
  probe(address: ProbeAddress, mx: readonly string[]): Promise<MailboxAnswer>;
  /** The run's counters so far. */
  report(): SmtpReport;
  /**
   * Ends the run: probes still pending are answered `skipped`/`aborted` (status `stopped`), open
   * sessions end with QUIT; resolves when every connection is closed.
   */
  close(): Promise<void>;
}

const KINDS: readonly MailboxKind[] = ['exists', 'not_found', 'full', 'catch_all', 'unverified', 'skipped'];

export function createSmtpProber(input: SmtpProberOptions): SmtpProber {
  const options = resolveOptions(input);
  const core = new ProberCore(options);
  const answers = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<MailboxKind, number>;
  const unverified: SmtpReport['unverified'] = {};
  const skipped: SmtpReport['skipped'] = {};
  let cacheHits = 0;
  let admitted = 0;
  let pending = 0;
  let closed = false;

  const record = (answer: MailboxAnswer): MailboxAnswer => {
    answers[answer.kind] += 1;
    const byCause = answer.kind === 'unverified' ? unverified : answer.kind === 'skipped' ? skipped : undefined;
    if (byCause && answer.cause) byCause[answer.cause] = (byCause[answer.cause] ?? 0) + 1;
    return answer;
  };

  const jobFor = (domain: string, mx: string[], limit: number | undefined): DomainJob => {
    let job = core.jobs.get(domain);
    if (!job) {
      job = { domain, mx, next: 0, routing: false, queue: [], held: [], catchAll: 'unknown', sawPrivate: false, ...(limit ? { envelopeLimit: limit } : {}) };
      core.jobs.set(domain, job);
    }
    return job;
  };

  const abort = (): void => core.stopRun('aborted');
  if (options.signal?.aborted) abort();
  else options.signal?.addEventListener('abort', abort, { once: true });

  async function probe(address: ProbeAddress, mx: readonly string[]): Promise<MailboxAnswer> {
    const key = `${address.local}@${address.domain}`;
    if (closed) return record(answerOf('skipped', 'aborted'));
    if (core.halt) return record(core.halt);
    const cached = options.cache?.get(key);
    if (cached) {
      cacheHits += 1;
      return record(cached);
    }
    const hosts = mx.map((h) => h.toLowerCase().replace(/\.$/, '')).filter((h) => h.length > 0).slice(0, 2);
    if (hosts.length === 0) return record(answerOf('unverified', 'unresolved'));
    const rule = providerRule(hosts[0]!, options.providers);
    if (rule?.action === 'skip') return record({ ...answerOf('unverified', 'provider_accepts_all', undefined, hosts[0]), provider: rule.provider });
    if (admitted >= options.maxProbes) return record(answerOf('skipped', 'max_reached'));
    admitted += 1;
    pending += 1;
    const job = jobFor(address.domain, hosts, rule?.rcptsPerEnvelope);
    const answer = await new Promise<MailboxAnswer>((resolve) => {
      let done = false;
      const item: Item = {
        local: address.local,
        random: false,
        tries: 0,
        retried: false,
        settle: (a) => {
          if (done) return;
          done = true;
          resolve(rule ? { ...a, provider: rule.provider } : a);
        },
      };
      core.enqueue(job, item);
    });
    pending -= 1;
    if (options.cache && expiresAt(answer, Date.now()) !== undefined) options.cache.put(key, answer);
    return record(answer);
  }

  function report(): SmtpReport {
    const domains = [...core.catchAllDomains].sort();
    return {
      status: core.status,
      ...(core.reason ? { reason: core.reason } : {}),
      hosts: [...core.hosts.values()].filter((h) => h.attempted).length,
      sessions: core.sessions,
      probes: core.probes,
      rcptsPerSession: core.sessions === 0 ? 0 : Math.round((core.probes / core.sessions) * 100) / 100,
      cacheHits,
      retries: core.retries,
      policyAnswers: core.policyAnswers,
      catchAllDomains: { count: domains.length, domains },
      answers: { ...answers },
      unverified: { ...unverified },
      skipped: { ...skipped },
    };
  }

  async function close(): Promise<void> {
    closed = true;
    core.closing = true;
    options.signal?.removeEventListener('abort', abort);
    if (pending > 0) core.stopRun('aborted');
    for (const host of core.hosts.values()) host.wake?.();
    while (core.running.size > 0) await Promise.all([...core.running]);
  }

  return { probe, report, close };
}
