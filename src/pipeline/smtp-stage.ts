/**
 * The `smtp` stage (`--smtp`, issue 13): does the mailbox exist? For each row worth asking, the
 * domain's mail hosts come from the DNS stage's memo (no second lookup) and the SMTP prober
 * (smtp/) asks them; its answer becomes a finding here, as data (the server's own reply quoted
 * in the args). A `skipped` answer (SMTP unavailable, stopped, --smtp-max reached) adds nothing:
 * the row keeps its DNS verdict. Never a rejection on a 4xx, a timeout or a 5.7.x policy answer:
 * the prober reads those as `unverified`, and only `not_found` maps to a rejecting code.
 */
import type { DomainChecker } from '../dns/domain-checker.js';
import type { Finding } from '../model/findings.js';
import type { MessageOf, Warning } from '../model/messages.js';
import type { Policy } from '../model/policy.js';
import type { SmtpReport } from '../model/report.js';
import type { MailboxAnswer, ReplyData, SmtpProber } from '../smtp/index.js';
import { FIXES } from './classify.js';
import type { MailboxCache } from './mailbox-cache.js';
import type { RowWork } from './stages.js';

/** report.json names at most this many catch-all domains (the count is exact). */
const CATCH_ALL_LISTED = 100;
/** A quoted reply is cut here: enough for any real diagnostic, not a wall of text in a cell. */
const REPLY_LIMIT = 200;
/** C0/C1 controls and the bidi controls that could reorder what a person reads (CWE-150, Trojan Source). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** Server text made safe to show: unsafe characters become a space, runs of space one, length capped. */
export function sanitize(text: string, limit = REPLY_LIMIT): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length <= limit ? clean : `${chars.slice(0, limit - 1).join('').trimEnd()}…`;
}

/** A reply as the server sent it, on one line: `550 5.1.1 User unknown`. */
export function quoteReply(reply: ReplyData): string {
  return sanitize([String(reply.code), reply.enhanced, reply.text].filter((part) => part).join(' '));
}

/** The finding for a prober's answer; undefined when it adds nothing (`exists`, `skipped`). */
export function mailboxFinding(answer: MailboxAnswer, domain: string, fallbackHost: string): Finding | undefined {
  const host = sanitize(answer.host ?? fallbackHost, 253);
  const reply = answer.reply ? quoteReply(answer.reply) : undefined;
  switch (answer.kind) {
    case 'exists':
    case 'skipped':
      return undefined;
    case 'not_found':
      // RFC 3463 X.2.1: mailbox disabled, not accepting messages.
      return { code: 'mailbox_not_found', why: answer.reply?.enhanced === '5.2.1' ? 'smtp.disabled' : 'smtp.not_found', args: { host, reply: reply ?? '' } };
    case 'full':
      return { code: 'mailbox_full', why: 'smtp.full', args: { host, reply: reply ?? '' } };
    case 'catch_all':
      return { code: 'catch_all', why: 'smtp.catch_all', args: { domain, host } };
    case 'unverified':
      return { code: 'smtp_unverified', ...unverified(answer, host, reply) };
  }
}

/** Why an answer is unverified, as a message; the reply is quoted where it is the point. */
function unverified(answer: MailboxAnswer, host: string, reply: string | undefined): MessageOf<'smtp'> {
  switch (answer.cause) {
    case 'timeout':
      return { why: 'smtp.timeout', args: { host } };
    case 'refused':
      return { why: 'smtp.refused', args: { host } };
    case 'unresolved':
      return { why: 'smtp.unresolved', args: { host } };
    case 'private_mx':
      return { why: 'smtp.private_mx', args: { host } };
    case 'provider_accepts_all':
      return { why: 'smtp.provider', args: { host, provider: answer.provider ?? host } };
    case 'protocol':
      return { why: 'smtp.protocol', args: { host } };
    case 'policy':
      return reply ? { why: 'smtp.policy', args: { host, reply } } : { why: 'smtp.host_stopped', args: { host } };
    case 'greylisted':
      return reply ? { why: 'smtp.greylisted', args: { host, reply } } : { why: 'smtp.unverified', args: { host } };
    case 'unclassified':
      return reply ? { why: 'smtp.unclassified', args: { host, reply } } : { why: 'smtp.unverified', args: { host } };
    case 'inconsistent':
      return reply ? { why: 'smtp.inconsistent', args: { host, reply } } : { why: 'smtp.unverified', args: { host } };
    default:
      return { why: 'smtp.unverified', args: { host } };
  }
}

/** The stage with its run: the prober, where routes come from, and the counters of the spinner. */
export class MailboxStage {
  /** For the spinner: probes answered, and probes asked but not answered yet. */
  readonly progress = { done: 0, queued: 0 };

  constructor(
    private readonly prober: SmtpProber,
    private readonly dns: DomainChecker,
    private readonly policy: Policy,
    private readonly cache: MailboxCache | undefined,
    /** What the warnings name: the port and the proxy. */
    private readonly where: { port: number; proxy?: string | undefined },
  ) {}

  /**
   * Probes a row whose address is usable, not rejected anyway, not believed misspelt (a known fix
   * for the domain: probing the typo's server tells nothing and talks to a stranger), and whose
   * domain takes mail. Rows of one domain are handed over without waiting for each other, so the
   * prober batches them into one session.
   */
  run(work: RowWork): Promise<void> | undefined {
    if (!work.usable) return undefined;
    for (const f of work.findings) if (this.policy[f.code] === 'rejected' || (FIXES.has(f.code) && f.suggestion !== undefined)) return undefined;
    const { local, domain, asciiDomain } = work.facts as Required<RowWork['facts']>;
    return this.dns.route(asciiDomain).then(async (hosts) => {
      if (!hosts || hosts.length === 0) return;
      this.progress.queued++;
      const answer = await this.prober.probe({ local, domain: asciiDomain }, hosts);
      this.progress.queued--;
      this.progress.done++;
      const finding = mailboxFinding(answer, domain, hosts[0]!);
      if (finding) work.findings.push(finding);
    });
  }

  /** report.json's `smtp` block. */
  report(): SmtpReport {
    const r = this.prober.report();
    const { domains } = r.catchAllDomains;
    return { ...r, catchAllDomains: { count: r.catchAllDomains.count, domains: domains.slice(0, CATCH_ALL_LISTED) } };
  }

  /** The one warning of a run whose probing was unavailable or stopped by the breaker (else undefined). */
  get warning(): Warning | undefined {
    const r = this.prober.report();
    if (r.reason === 'port_blocked') return { why: 'smtp.unavailable_port', args: { port: this.where.port } };
    if (r.reason === 'proxy_unreachable') return { why: 'smtp.unavailable_proxy', args: { proxy: this.where.proxy ?? '' } };
    if (r.reason === 'policy_rate') return { why: 'smtp.stopped_policy', args: { count: r.policyAnswers, probes: r.probes } };
    return undefined;
  }

  /** Ends the sessions (QUIT) and hands the answers to the cache file; the DNS checker saves it. */
  async close(): Promise<void> {
    await this.prober.close();
    this.cache?.flush();
  }

  /** Ends the sessions of a failed or stopped run (QUIT); nothing is kept. */
  async dispose(): Promise<void> {
    await this.prober.close();
  }
}
