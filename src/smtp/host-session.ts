/**
 * One host's session: connect, greet, then serve the host's domains one envelope at a time
 * (a fresh envelope per domain, RSET between envelopes), paced by the per-host rate limit, until
 * no work is left (after a short linger), then QUIT.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openConnection } from './connect.js';
import type { ProberCore } from './core.js';
import { answerOf, replyData, type DomainJob, type HostState, type Item } from './state.js';
import { classifyRcptReply, type SmtpReply } from './reply.js';
import { openDialogue, SmtpSession, type Hello, type OpenFailure, type ReplyOrFault } from './session.js';
import type { MailboxCause, ReplyData } from './types.js';
import { onRcptReply } from './verdicts.js';

/** What became of the session while serving one domain. */
type Served = 'ok' | 'broken';

/** Per-session state shared by the envelopes. */
interface SessionState {
  /** The session. */
  session: SmtpSession;
  /** What EHLO said. */
  hello: Hello;
  /** True while a MAIL FROM is in effect (RSET needed before the next). */
  envelope: boolean;
  /** True once any RCPT got a reply in this session. */
  answered: boolean;
}

export async function runHost(core: ProberCore, host: HostState): Promise<void> {
  const { options } = core;
  // The gather window: let addresses of the same domains arrive, so one session serves them all.
  await sleep(options.gatherMs, undefined, { signal: core.stop.signal }).catch(() => undefined);
  if (core.halt || !core.nextJob(host)) return;
  host.attempted = true;
  const opened = await openConnection(host.ip, { port: options.port, timeoutMs: options.timeoutMs, ...(options.proxy ? { proxy: options.proxy } : {}) });
  if ('failure' in opened) return core.connectFailed(host, opened.failure);
  core.connected();
  const session = new SmtpSession(opened.socket, options.timeoutMs);
  try {
    if (core.halt) return;
    const hello = await openDialogue(session, options.helo, core.stop.signal);
    if ('failure' in hello) return openFailed(core, host, hello);
    core.sessions += 1;
    host.served = true;
    await serveHost(core, host, { session, hello, envelope: false, answered: false });
  } finally {
    await session.quit();
  }
}

/**
 * The greeting or EHLO/HELO failed: a refusal of us stops the host; a 4xx from a host that served
 * us earlier in the run is a limit on us, not a dead host; anything else means try the next MX.
 */
function openFailed(core: ProberCore, host: HostState, opened: OpenFailure): void {
  if (opened.failure === 'aborted') return;
  if (opened.failure === 'rejected' && opened.reply) return core.policyAnswer(host, replyData(opened.reply), true);
  if (opened.failure === 'busy' && opened.reply && host.served) return busyAgain(core, host, replyData(opened.reply));
  const cause: Record<OpenFailure['failure'], MailboxCause> = { timeout: 'timeout', protocol: 'protocol', closed: 'refused', busy: 'refused', rejected: 'refused', aborted: 'aborted' };
  core.hostDead(host, cause[opened.failure]);
}

/**
 * A host that served us answers a new connection with 421 (Postfix's anvil: "421 4.7.0 … Error: too
 * many connections from …", smtpd_client_connection_rate_limit; transcript in
 * test/fixtures/smtp-real/postfix-3.7-limits.txt). RFC 5321 §4.2.5: the service is not available
 * *now*. Its addresses take the one delayed retry of a 4xx, and then quote this reply, instead of
 * reading as "could not be reached" at once.
 */
function busyAgain(core: ProberCore, host: HostState, reply: ReplyData): void {
  for (const job of [...host.jobs]) {
    if (job.host !== host) continue;
    for (const item of job.queue.splice(0)) onRcptReply(core, job, host, item, 'temporary', reply);
  }
}

async function serveHost(core: ProberCore, host: HostState, state: SessionState): Promise<void> {
  for (;;) {
    if (core.halt || host.stopped || host.dead) return;
    const job = core.nextJob(host) ?? (await moreWork(core, host));
    if (!job || (await serveDomain(core, host, job, state)) === 'broken') return;
  }
}

/** Lingers `gatherMs` for addresses that arrive for this host, so the session need not reopen. */
function moreWork(core: ProberCore, host: HostState): Promise<DomainJob | undefined> {
  if (core.closing || core.halt) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      host.wake = undefined;
      resolve(core.halt || host.stopped ? undefined : core.nextJob(host));
    };
    const timer = setTimeout(done, core.options.gatherMs);
    host.wake = done;
  });
}

function envelopeLimit(core: ProberCore, host: HostState, job: DomainJob): number {
  return Math.min(core.options.rcptsPerEnvelope, job.envelopeLimit ?? Infinity, host.rcptLimit ?? Infinity);
}

async function serveDomain(core: ProberCore, host: HostState, job: DomainJob, state: SessionState): Promise<Served> {
  let count = 0;
  let limit = envelopeLimit(core, host, job);
  let open = false;
  while (job.queue.length > 0 && !job.final && !core.halt && !host.stopped) {
    if (!open || count >= limit) {
      const began = await beginEnvelope(core, host, job, state);
      if (began !== 'open') return began;
      open = true;
      count = 0;
    }
    const item = job.queue.shift()!;
    if (/[\r\n\0<>]/.test(item.local) || (/[^\x20-\x7e]/.test(item.local) && !state.hello.extensions.has('SMTPUTF8'))) {
      item.settle(answerOf('unverified', 'protocol', undefined, job.hostName)); // RFC 6531: not sayable here
      continue;
    }
    await pace(core, host);
    const reply = await state.session.command(`RCPT TO:<${item.local}@${job.domain}>`, core.stop.signal);
    core.probes += 1;
    if ('fault' in reply || reply.code === 421) return interrupted(core, host, job, item, reply, state);
    state.answered = true;
    count += 1;
    const verdict = classifyRcptReply(reply);
    if (verdict === 'too_many' && count > 1) {
      // RFC 5321 §4.5.3.1.10: not a fact about the mailbox; the rest go into a new envelope.
      job.queue.unshift(item);
      host.rcptLimit = count - 1;
      limit = envelopeLimit(core, host, job);
      count = limit;
      continue;
    }
    onRcptReply(core, job, host, item, verdict, replyData(reply));
  }
  return 'ok';
}

/** RSET if an envelope is open (RFC 5321 §4.1.1.5), then MAIL FROM. */
async function beginEnvelope(core: ProberCore, host: HostState, job: DomainJob, state: SessionState): Promise<'open' | Served> {
  const { session } = state;
  if (state.envelope) {
    const rset = await session.command('RSET', core.stop.signal);
    if ('fault' in rset || rset.code !== 250) return brokenOutsideRcpt(core, host, rset, state);
    state.envelope = false;
  }
  const utf8 = state.hello.extensions.has('SMTPUTF8') && job.queue.some((i) => /[^\x20-\x7e]/.test(i.local));
  const mail = await session.command(`MAIL FROM:<${core.options.from}>${utf8 ? ' SMTPUTF8' : ''}`, core.stop.signal);
  if ('fault' in mail || mail.code === 421) return brokenOutsideRcpt(core, host, mail, state);
  if (mail.code >= 200 && mail.code < 300) {
    state.envelope = true;
    return 'open';
  }
  if (mail.code >= 500) {
    // Our MAIL FROM is refused (5.7.1 sender blocked, 5.1.8 sender domain …): about us, stop the host.
    core.policyAnswer(host, replyData(mail), true);
    return 'broken';
  }
  // A 4xx for MAIL FROM: every address of the domain waits for the one retry.
  for (const item of job.queue.splice(0)) onRcptReply(core, job, host, item, 'temporary', replyData(mail));
  return 'ok';
}

function brokenOutsideRcpt(core: ProberCore, host: HostState, reply: ReplyOrFault, state: SessionState): Served {
  if ('fault' in reply && reply.fault === 'aborted') return 'broken';
  if (!state.answered) strike(core, host, 'fault' in reply && reply.fault === 'timeout' ? 'timeout' : 'protocol');
  return 'broken';
}

function strike(core: ProberCore, host: HostState, cause: MailboxCause): void {
  host.strikes += 1;
  if (host.strikes >= 2) core.hostDead(host, cause);
}

/**
 * The session broke while a RCPT was in flight (timeout, closed, 421). The item gets one more
 * session; a session that broke before answering anything is a strike against the host.
 */
function interrupted(core: ProberCore, host: HostState, job: DomainJob, item: Item, reply: ReplyOrFault, state: SessionState): Served {
  if ('fault' in reply && reply.fault === 'aborted') {
    item.settle(core.halt ?? answerOf('skipped', 'aborted'));
    return 'broken';
  }
  const cause: MailboxCause = 'fault' in reply && reply.fault === 'timeout' ? 'timeout' : 'protocol';
  item.tries += 1;
  if (item.tries >= 2) item.settle(answerOf('unverified', cause, 'fault' in reply ? undefined : replyData(reply as SmtpReply), job.hostName));
  else core.enqueue(job, item, true);
  if (!state.answered) strike(core, host, cause);
  return 'broken';
}

/** The per-host rate limit: at most one RCPT per `rcptIntervalMs` to one host, across sessions. */
async function pace(core: ProberCore, host: HostState): Promise<void> {
  const wait = host.nextRcptAt - Date.now();
  if (wait > 0) await sleep(wait, undefined, { signal: core.stop.signal }).catch(() => undefined);
  host.nextRcptAt = Date.now() + core.options.rcptIntervalMs;
}
