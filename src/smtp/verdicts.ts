/**
 * From one RCPT reply to answers: the catch-all check, the one retry after a 4xx, the breakers.
 *
 * Catch-all ordering: real addresses go first. The first decisive answer of a domain (accepted,
 * or rejected as unknown) queues ONE random address as the very next RCPT, in the same envelope,
 * and the decisive answers wait ("held") until it is answered:
 * - random accepted: the domain is catch-all: accepted addresses are `catch_all`, and the rest of
 *   the domain is answered `catch_all` without any RCPT (nothing more to learn, less load);
 * - random refused for good (unknown, or a 5xx we cannot read that is not about us): the server
 *   tells mailboxes apart: `exists` / `not_found`;
 * - anything else (4xx twice, policy, timeout): no verdict can be trusted: `unverified`.
 * So a domain costs exactly one extra RCPT, and only when a real address got a decisive answer;
 * domains whose every answer is a policy or a 4xx cost none. A server that dislikes a random
 * address first (reacher#1334) never sees one before a real address.
 */
import type { ProberCore } from './core.js';
import { answerOf, type DomainJob, type HostState, type Item } from './state.js';
import type { RcptVerdict } from './reply.js';
import type { MailboxCause, ReplyData } from './types.js';

/** Answers one RCPT reply (a verdict other than `too_many`, which the session handles). */
export function onRcptReply(core: ProberCore, job: DomainJob, host: HostState, item: Item, verdict: RcptVerdict, reply: ReplyData): void {
  const name = job.hostName;
  switch (verdict) {
    case 'accepted':
    case 'not_found':
      return decisive(core, job, item, verdict, reply);
    case 'full':
      // A full mailbox exists: no catch-all check needed. A random address cannot be full.
      return item.random ? fail(core, job, 'unclassified', reply) : item.settle(answerOf('full', undefined, reply, name));
    case 'policy':
      item.settle(answerOf('unverified', 'policy', reply, name));
      return core.policyAnswer(host, reply);
    case 'temporary':
    case 'too_many':
      if (!item.retried) {
        item.retried = true;
        return core.delay(job, item);
      }
      return item.settle(answerOf('unverified', 'greylisted', reply, name));
    case 'other':
      // A made-up address refused for good, in words we cannot read (OpenSMTPD's "524 5.2.4 Mailing
      // list expansion problem" for a name its virtual table lacks): whatever it means, the server
      // does not accept any address, so the domain is no catch-all. A 5.7.x about us is `policy`.
      if (item.random && reply.code >= 500) return settleCatchAll(core, job, 'no');
      return item.settle(answerOf('unverified', 'unclassified', reply, name));
  }
}

function decisive(core: ProberCore, job: DomainJob, item: Item, verdict: 'accepted' | 'not_found', reply: ReplyData): void {
  const name = job.hostName ?? '';
  if (item.random) return settleCatchAll(core, job, verdict === 'accepted' ? 'yes' : 'no');
  const state = job.catchAll;
  if (state === 'yes') return item.settle(verdict === 'accepted' ? answerOf('catch_all', undefined, reply, name) : answerOf('unverified', 'inconsistent', reply, name));
  if (state === 'no') return item.settle(answerOf(verdict === 'accepted' ? 'exists' : 'not_found', undefined, reply, name));
  if (typeof state === 'object') return item.settle(answerOf('unverified', state.cause, state.reply ?? reply, name));
  if (core.halt) return item.settle(core.halt);
  job.held.push({ item, verdict, reply, host: name });
  if (state === 'unknown') {
    job.catchAll = 'probing';
    core.enqueue(job, randomItem(core, job), true);
  }
}

/** The random address of the catch-all check; its "answer" decides the domain, never a row. */
function randomItem(core: ProberCore, job: DomainJob): Item {
  let done = false;
  return {
    local: core.options.randomLocal(),
    random: true,
    tries: 0,
    retried: false,
    settle: (answer) => {
      if (done) return;
      done = true;
      // Reached only when the check failed: the RCPT verdicts go through settleCatchAll.
      if (job.catchAll === 'probing') fail(core, job, answer.cause ?? 'unclassified', answer.reply);
    },
  };
}

function fail(core: ProberCore, job: DomainJob, cause: MailboxCause, reply?: ReplyData): void {
  settleCatchAll(core, job, reply ? { cause, reply } : { cause });
}

/** The catch-all check is done: release the held answers (see the file comment). */
function settleCatchAll(core: ProberCore, job: DomainJob, state: DomainJob['catchAll']): void {
  job.catchAll = state;
  const held = job.held.splice(0);
  for (const { item, verdict, reply, host } of held) {
    if (state === 'yes') item.settle(verdict === 'accepted' ? answerOf('catch_all', undefined, reply, host) : answerOf('unverified', 'inconsistent', reply, host));
    else if (state === 'no') item.settle(answerOf(verdict === 'accepted' ? 'exists' : 'not_found', undefined, reply, host));
    else if (typeof state === 'object') item.settle(answerOf('unverified', state.cause, state.reply ?? reply, host));
  }
  if (state === 'yes') {
    core.catchAllDomains.add(job.domain);
    core.finalize(job, answerOf('catch_all', undefined, undefined, job.hostName));
  }
}
