/**
 * The SMTP answers of `--smtp` in the run's answer-cache file (`--cache`), as its `mailboxes`
 * section next to the DNS answers (dns/cache.ts keeps sections it does not own as they are).
 * Entries are keyed by the SHA-256 of the address, so the file names no contact in clear, and
 * expire as smtp/cache.ts `expiresAt` says: mailbox facts after 7 days, unknowns after 1 day.
 * An entry that does not read as an answer (another version, an edit by hand) is dropped, never
 * fatal: it only costs a probe.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DnsCache } from '../dns/cache.js';
import { expiresAt, type MailboxAnswer, type SmtpAnswerCache } from '../smtp/index.js';
import { SMTP_CAUSES } from '../model/report.js';

/** The section's name in the file. */
const SECTION = 'mailboxes';

const AnswerSchema = z.object({
  kind: z.enum(['exists', 'not_found', 'full', 'catch_all', 'unverified', 'skipped']),
  cause: z.enum(SMTP_CAUSES).optional(),
  reply: z
    .object({ code: z.number().int().min(200).max(599), enhanced: z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/).optional(), text: z.string().max(4096) })
    .optional(),
  host: z.string().max(253).optional(),
  provider: z.string().max(64).optional(),
});

const EntrySchema = z.object({ answer: AnswerSchema, expiresAt: z.number() });

/** One kept answer. */
type Entry = z.infer<typeof EntrySchema>;

/** The cache key of an address: hex SHA-256 of `local@domain` (domain in ASCII, as the prober keys it). */
function keyOf(address: string): string {
  return createHash('sha256').update(address).digest('hex');
}

/** The prober's answer cache, read from and written back into the answer-cache file. */
export class MailboxCache implements SmtpAnswerCache {
  private readonly entries = new Map<string, Entry>();
  private changed = false;

  constructor(
    private readonly file: DnsCache,
    private readonly now: () => number = Date.now,
  ) {
    const section = file.section(SECTION);
    if (section === null || typeof section !== 'object' || Array.isArray(section)) return;
    const at = now();
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
      const entry = EntrySchema.safeParse(value);
      if (/^[0-9a-f]{64}$/.test(key) && entry.success && entry.data.expiresAt > at) this.entries.set(key, entry.data);
      else this.changed = true; // expired or unreadable: dropped from the file on save
    }
  }

  /** A fresh answer for `local@domain`, or undefined. */
  get(address: string): MailboxAnswer | undefined {
    const key = keyOf(address);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.answer as MailboxAnswer;
    this.entries.delete(key);
    this.changed = true;
    return undefined;
  }

  /** Keeps an answer the prober just got, if `expiresAt` gives it a time. */
  put(address: string, answer: MailboxAnswer): void {
    const expires = expiresAt(answer, this.now());
    if (expires === undefined) return;
    this.entries.set(keyOf(address), { answer, expiresAt: expires });
    this.changed = true;
  }

  /** Hands the section to the file (written when the domain checker saves it). */
  flush(): void {
    if (!this.changed) return;
    const sorted = [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.file.setSection(SECTION, Object.fromEntries(sorted));
    this.changed = false;
  }
}
