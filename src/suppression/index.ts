/**
 * The `suppression/` folder: suppression lists (`--suppress`) — read through io/ like contact
 * lists (load.ts), their formats recognised by content (formats.ts), reasons mapped to bounce kinds
 * (bounce.ts), entries merged per address (entries.ts) and hashed lists in typed arrays
 * (hashstore.ts). This file matches rows against every loaded list.
 */
import { hash } from 'node:crypto';
import { basename } from 'node:path';
import { aliasKey } from '../address/alias.js';
import type { Finding, ReasonCode } from '../model/findings.js';
import type { MessageKey, MessageValue } from '../model/messages.js';
import { EntryTable, KIND_RANK, RANK_KIND, type EntryKind } from './entries.js';
import type { HashStore } from './hashstore.js';
import { rowKey } from './keys.js';
import { loadList } from './load.js';

export { SuppressionLoadError } from './error.js';
export { classifyBounce, type BounceKind } from './bounce.js';

/**
 * Suppression lists (`--suppress FILE`, repeatable): addresses that already hard-bounced,
 * complained, unsubscribed or were suppressed elsewhere must not be re-imported; soft bounces go to
 * review. The loader (`load.ts`) detects each file's format by content; this class merges them and
 * matches rows. When an address is on several lists, the most severe verdict wins.
 */

/**
 * Default escalation: 3 soft bounces within 30 days count as a hard bounce. Source: Keila's rule
 * "mark contacts as unreachable after their third soft bounce in a row" (github.com/pentacent/keila
 * issue #181); Mailchimp is more lenient (cleans after 7 soft-bounce reports, 15 with previous
 * activity, each report being up to 3 days of retries: kb.mailchimp.com "hard and soft bounces"), but
 * a list about to be re-imported should err on the side of the sender's reputation.
 */
export const DEFAULT_SOFT_BOUNCE_ESCALATION = { count: 3, days: 30 } as const;

/** Options of `SuppressionSet.load`. */
export interface SuppressionOptions {
  /**
   * Escalation: this many dated soft bounces of one address within `days` days count as a hard
   * bounce. Default `DEFAULT_SOFT_BOUNCE_ESCALATION` (3 within 30 days).
   */
  softBounceEscalation?: { count: number; days: number };
  /** Soft bounces older than this many days are ignored (expired); undefined = never expire. */
  softBounceExpiryDays?: number;
  /** The reference time for expiry (for tests and reproducible runs); default: now. */
  now?: Date;
}

/** What one list contributed, for report.json. */
export interface SuppressionListReport {
  /** The file as given. */
  file: string;
  /** Detected format (`plain`, `hashed-sha256`, `sendgrid-bounces`, `mailchimp-cleaned`, …). */
  format: string;
  /** Rows understood (addresses, domains, digests). */
  entries: number;
  /** Rows that held no readable address, domain or digest. */
  notUnderstood: number;
  /** Soft bounces ignored because they are older than `softBounceExpiryDays`. */
  expired: number;
  /** Input rows matched, by the reason code they got from this list. */
  matched: Partial<Record<ReasonCode, number>>;
}

const CODE: Readonly<Record<EntryKind, ReasonCode>> = {
  hard: 'suppressed_hard_bounce',
  complaint: 'suppressed_complaint',
  unsubscribe: 'suppressed_unsubscribe',
  plain: 'suppressed',
  soft: 'suppressed_soft_bounce',
};

/** The message per kind, by what the list told: a date and a reason, a date, a reason, or neither. */
const KEYS: Readonly<Record<EntryKind, Record<'full' | 'dated' | 'reason' | 'plain', MessageKey>>> = {
  hard: { full: 'suppress.hard_bounce', dated: 'suppress.hard_bounce_dated', reason: 'suppress.hard_bounce_reason', plain: 'suppress.hard_bounce_plain' },
  complaint: { full: 'suppress.complaint', dated: 'suppress.complaint_dated', reason: 'suppress.complaint_reason', plain: 'suppress.complaint_plain' },
  unsubscribe: { full: 'suppress.unsubscribe', dated: 'suppress.unsubscribe_dated', reason: 'suppress.unsubscribe_reason', plain: 'suppress.unsubscribe_plain' },
  plain: { full: 'suppress.listed', dated: 'suppress.listed_dated', reason: 'suppress.listed_reason', plain: 'suppress.listed_plain' },
  soft: { full: 'suppress.soft_bounce', dated: 'suppress.soft_bounce_dated', reason: 'suppress.soft_bounce_reason', plain: 'suppress.soft_bounce_plain' },
};

/** How a row reached an entry. */
type Via = 'address' | 'alias' | 'domain';

/** Every loaded list, ready to match rows. */
export class SuppressionSet {
  private readonly lists: SuppressionListReport[];
  private readonly names: string[];
  private readonly table: EntryTable;
  private readonly hashes: { store: HashStore; list: number }[];

  private constructor(lists: SuppressionListReport[], table: EntryTable, hashes: { store: HashStore; list: number }[]) {
    this.lists = lists;
    this.names = lists.map((l) => basename(l.file));
    this.table = table;
    this.hashes = hashes;
  }

  /** Load and merge the files; throws SuppressionLoadError for a file it cannot understand. */
  static async load(files: string[], options: SuppressionOptions = {}): Promise<SuppressionSet> {
    const escalation = options.softBounceEscalation ?? DEFAULT_SOFT_BOUNCE_ESCALATION;
    if (!(Number.isInteger(escalation.count) && escalation.count >= 1 && escalation.days > 0)) {
      throw new RangeError(`softBounceEscalation must be a count of at least 1 within a positive number of days, got ${JSON.stringify(escalation)}`);
    }
    const table = new EntryTable();
    const lists: SuppressionListReport[] = [];
    const hashes: { store: HashStore; list: number }[] = [];
    for (const [i, file] of files.entries()) {
      const loaded = await loadList(file, i, table);
      lists.push({ file, format: loaded.format, entries: loaded.entries, notUnderstood: loaded.notUnderstood, expired: 0, matched: {} });
      for (const store of loaded.hashes) hashes.push({ store, list: i });
    }
    table.finalize({ escalation, expiryDays: options.softBounceExpiryDays, now: (options.now ?? new Date()).getTime() });
    for (const [i, n] of table.expiredPerList.entries()) if (n !== undefined) lists[i]!.expired = n;
    return new SuppressionSet(lists, table, hashes);
  }

  /**
   * Once per row with a valid address. `normalized` = local@domain (domain lowercase, Unicode),
   * `asciiDomain` lowercase punycode. Exact address, provider alias (Gmail dots, +tags), whole
   * domain and hashed entries are checked; the most severe match wins.
   */
  match(normalized: string, local: string, asciiDomain: string): Finding | undefined {
    const t = this.table;
    let best = -1;
    let bestRank = 99;
    let via: Via = 'address';
    let viaKey = '';
    const consider = (id: number | undefined, how: Via, key: string): void => {
      if (id === undefined) return;
      const r = t.rank[id]!;
      if (r >= 0 && r < bestRank) [best, bestRank, via, viaKey] = [id, r, how, key];
    };
    if (t.addresses.size > 0) {
      const key = rowKey(local, asciiDomain);
      consider(t.addresses.get(key), 'address', key);
      const ak = aliasKey(local, asciiDomain);
      if (ak !== undefined) {
        if (ak !== key) consider(t.addresses.get(ak), 'alias', ak);
        const id = t.alias.get(ak);
        if (id !== undefined && id !== best) consider(id, 'alias', t.keys[id]!);
      }
    }
    if (t.domains.size > 0) consider(t.domains.get(asciiDomain), 'domain', asciiDomain);
    if (best >= 0 && bestRank <= KIND_RANK.plain) return this.found(best, via, viaKey);
    const hashed = this.hashMatch(normalized, asciiDomain);
    if (hashed !== undefined) return this.count(hashed.list, 'suppressed', {
      code: 'suppressed', why: 'suppress.hashed', args: { list: this.names[hashed.list]!, algorithm: hashed.algorithm },
    });
    return best >= 0 ? this.found(best, via, viaKey) : undefined;
  }

  /** Report per list: format, entries, not understood, rows matched by code. */
  report(): SuppressionListReport[] {
    return this.lists.map((l) => ({ ...l, matched: { ...l.matched } }));
  }

  /** The first hashed list holding the row's address (each digest computed at most once per row). */
  private hashMatch(normalized: string, asciiDomain: string): { list: number; algorithm: string } | undefined {
    if (this.hashes.length === 0) return undefined;
    const lower = normalized.trim().toLowerCase();
    const at = lower.lastIndexOf('@');
    const ascii = `${lower.slice(0, at)}@${asciiDomain}`; // an IDN list may hash either form
    const digests = new Map<string, Buffer[]>();
    for (const { store, list } of this.hashes) {
      let d = digests.get(store.algorithm);
      if (d === undefined) {
        d = [hash(store.algorithm, lower, 'buffer')];
        if (ascii !== lower) d.push(hash(store.algorithm, ascii, 'buffer'));
        digests.set(store.algorithm, d);
      }
      for (const digest of d) if (store.has(digest)) return { list, algorithm: store.algorithm };
    }
    return undefined;
  }

  /** The finding for entry `id`, reached `via` a key. */
  private found(id: number, via: Via, key: string): Finding {
    const t = this.table;
    const kind = RANK_KIND[t.rank[id]!]!;
    const list = t.list[id]!;
    const args: Record<string, MessageValue> = { list: this.names[list]! };
    const when = t.when[id]!;
    if (!Number.isNaN(when)) args.when = new Date(when).toISOString().slice(0, 10);
    const reason = t.reason[id];
    if (reason !== undefined) args.why = reason;
    let why: MessageKey;
    const esc = t.escalated.get(id);
    if (via === 'alias') {
      why = 'suppress.alias';
      args.listed = key;
    } else if (via === 'domain') {
      why = 'suppress.domain';
      args.domain = key;
    } else if (esc !== undefined) {
      why = 'suppress.soft_escalated';
      args.count = esc.count;
      args.first = new Date(esc.first).toISOString().slice(0, 10);
    } else {
      const keys = KEYS[kind];
      const dated = args.when !== undefined;
      why = dated && reason !== undefined ? keys.full : dated ? keys.dated : reason !== undefined ? keys.reason : keys.plain;
    }
    // The args are built to match the key chosen above (MESSAGE_ARGS); test/i18n.test.ts renders each.
    return this.count(list, CODE[kind], { code: CODE[kind], why, args } as Finding);
  }

  private count(list: number, code: ReasonCode, finding: Finding): Finding {
    const m = this.lists[list]!.matched;
    m[code] = (m[code] ?? 0) + 1;
    return finding;
  }
}
