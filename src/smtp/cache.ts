/**
 * The answer cache the prober consults before probing. The lead persists it next to the DNS
 * answers; this file holds the expiry policy as a pure function, so every store agrees on it.
 */
import type { MailboxAnswer } from './types.js';

/** Issue 13: mailbox answers are kept 7 days. */
export const MAILBOX_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Issue 13: unknowns (and a full mailbox, which may clear) are kept 1 day. */
export const UNKNOWN_TTL_MS = 24 * 60 * 60 * 1000;

/** Where answers are kept between runs, keyed by `local@domain` (domain in ASCII, lower case). */
export interface SmtpAnswerCache {
  /** A fresh answer for the address, or undefined. */
  get(address: string): MailboxAnswer | undefined;
  /** Keeps an answer the prober just got (only answers `expiresAt` gives a time for). */
  put(address: string, answer: MailboxAnswer): void;
}

/**
 * When an answer stops being fresh (ms since the epoch), or undefined when it must not be cached:
 * - `exists`, `not_found`, `catch_all`: facts about the mailbox or domain, 7 days;
 * - `full`, and `unverified` that a server caused (timeout, greylisting, policy …): 1 day;
 * - `skipped`, and `unverified` decided without asking a server (`provider_accepts_all`,
 *   `private_mx`): never, since they depend on this run's options and cost nothing to redo.
 */
export function expiresAt(answer: MailboxAnswer, now: number): number | undefined {
  switch (answer.kind) {
    case 'exists':
    case 'not_found':
    case 'catch_all':
      return now + MAILBOX_TTL_MS;
    case 'full':
      return now + UNKNOWN_TTL_MS;
    case 'unverified':
      return answer.cause === 'provider_accepts_all' || answer.cause === 'private_mx' ? undefined : now + UNKNOWN_TTL_MS;
    case 'skipped':
      return undefined;
  }
}

/** An in-memory cache that applies `expiresAt` (for tests and one-process runs). */
export function createMemoryAnswerCache(clock: () => number = Date.now): SmtpAnswerCache {
  const entries = new Map<string, { answer: MailboxAnswer; expires: number }>();
  return {
    get(address) {
      const entry = entries.get(address);
      if (!entry) return undefined;
      if (entry.expires > clock()) return entry.answer;
      entries.delete(address);
      return undefined;
    },
    put(address, answer) {
      const expires = expiresAt(answer, clock());
      if (expires !== undefined) entries.set(address, { answer, expires });
    },
  };
}
