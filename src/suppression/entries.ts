import { aliasKey } from '../address/alias.js';

/**
 * The address and domain entries of all loaded lists, merged per address.
 *
 * Stored column-wise (one array per field, indexed by entry id) so a list of a few million plain
 * addresses costs the Map key plus a few numbers per entry, not an object each. Soft bounces keep
 * their dated history (a side map, only for addresses that have one) so repeated soft bounces can be
 * escalated and old ones can expire once `finalize` knows "now".
 */

/** What one list row says about its address. */
export type EntryKind = 'hard' | 'complaint' | 'unsubscribe' | 'plain' | 'soft';

/** Severity rank of the non-soft kinds, most severe first (same order as REASON_CODES). */
export const KIND_RANK: Readonly<Record<EntryKind, number>> = {
  hard: 0, complaint: 1, unsubscribe: 2, plain: 3, soft: 4,
};

/** Kinds by rank. */
export const RANK_KIND: readonly EntryKind[] = ['hard', 'complaint', 'unsubscribe', 'plain', 'soft'];

/** One row of a list, as the loader understood it. */
export interface RawEntry {
  /** What the row says. */
  kind: EntryKind;
  /** Index of the list (file) it came from. */
  list: number;
  /** When it happened (epoch ms), NaN when the list gives no date. */
  when: number;
  /** The list's own reason text, if any. */
  reason: string | undefined;
}

/** Escalation and expiry of soft bounces (see SuppressionOptions). */
export interface SoftPolicy {
  /** Soft bounces that count as a hard one when they fall within `days`. */
  escalation: { count: number; days: number };
  /** Soft bounces older than this many days are ignored; undefined = never. */
  expiryDays: number | undefined;
  /** The reference time, epoch ms. */
  now: number;
}

/** Details of an escalated soft-bounce history. */
export interface Escalation {
  /** Soft bounces inside the window. */
  count: number;
  /** Epoch ms of the first of them. */
  first: number;
}

const DAY_MS = 86_400_000;

/** Merged entries of every list. */
export class EntryTable {
  /** Address key (`local@asciidomain`, lowercase) → entry id. */
  readonly addresses = new Map<string, number>();
  /** ASCII domain → entry id, for `@example.com` entries. */
  readonly domains = new Map<string, number>();
  /** Provider-alias key → entry id, for listed addresses whose alias key differs from their own. */
  readonly alias = new Map<string, number>();
  /** Final rank per entry (KIND_RANK); -1 when nothing is left (every soft bounce expired). */
  readonly rank: number[] = [];
  /** List index of the winning record. */
  readonly list: number[] = [];
  /** Date of the winning record (epoch ms, NaN when unknown). */
  readonly when: number[] = [];
  /** Reason text of the winning record. */
  readonly reason: (string | undefined)[] = [];
  /** The key each entry was added under (names the listed address in alias matches). */
  readonly keys: string[] = [];
  /** Entries whose soft bounces were escalated to a hard bounce. */
  readonly escalated = new Map<number, Escalation>();
  /** Soft bounces dropped by expiry, per list index. */
  readonly expiredPerList: number[] = [];
  private readonly soft = new Map<number, RawEntry[]>();

  /** Add a row for an address key or (when `domain`) a whole domain. */
  add(key: string, e: RawEntry, domain = false): void {
    const map = domain ? this.domains : this.addresses;
    let id = map.get(key);
    if (id === undefined) {
      id = this.rank.length;
      map.set(key, id);
      this.keys.push(key);
      this.rank.push(-1);
      this.list.push(e.list);
      this.when.push(NaN);
      this.reason.push(undefined);
    }
    if (e.kind === 'soft') {
      const history = this.soft.get(id);
      if (history) history.push(e);
      else this.soft.set(id, [e]);
      return;
    }
    const r = KIND_RANK[e.kind];
    const cur = this.rank[id]!;
    // More severe wins; at equal severity the most recent dated record tells the better story.
    if (cur === -1 || r < cur || (r === cur && e.when > this.when[id]!)) this.set(id, r, e);
  }

  private set(id: number, r: number, e: RawEntry): void {
    this.rank[id] = r;
    this.list[id] = e.list;
    this.when[id] = e.when;
    this.reason[id] = e.reason;
  }

  /** Apply expiry and escalation to soft-bounce histories, then index provider aliases. */
  finalize(policy: SoftPolicy): void {
    const oldest = policy.expiryDays === undefined ? -Infinity : policy.now - policy.expiryDays * DAY_MS;
    for (const [id, history] of this.soft) {
      const live: RawEntry[] = [];
      for (const e of history) {
        if (e.when < oldest) this.expiredPerList[e.list] = (this.expiredPerList[e.list] ?? 0) + 1;
        else live.push(e); // undated bounces cannot expire: we cannot tell their age
      }
      if (live.length === 0) continue;
      const dated = live.filter((e) => !Number.isNaN(e.when)).sort((a, b) => a.when - b.when);
      const esc = window(dated, policy.escalation.count, policy.escalation.days * DAY_MS);
      if (esc !== undefined && this.rank[id] !== KIND_RANK.hard) {
        const last = dated[esc.end]!;
        this.set(id, KIND_RANK.hard, last);
        this.escalated.set(id, { count: esc.end - esc.start + 1, first: dated[esc.start]!.when });
      } else if (this.rank[id] === -1) {
        let latest = live[0]!;
        for (const e of live) if (!(e.when <= latest.when)) latest = e;
        this.set(id, KIND_RANK.soft, latest);
      }
    }
    this.soft.clear();
    for (const [key, id] of this.addresses) {
      if (this.rank[id] === -1) continue;
      const at = key.lastIndexOf('@');
      const ak = aliasKey(key.slice(0, at), key.slice(at + 1));
      if (ak === undefined || ak === key) continue;
      const other = this.alias.get(ak);
      if (other === undefined || this.rank[id]! < this.rank[other]!) this.alias.set(ak, id);
    }
  }
}

/**
 * The latest run of at least `count` dated bounces spanning at most `span` ms (sorted input), as
 * indices into `dated`; the run is extended to every bounce inside the window.
 */
function window(dated: RawEntry[], count: number, span: number): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  let start = 0;
  for (let end = 0; end < dated.length; end++) {
    while (dated[end]!.when - dated[start]!.when > span) start++;
    if (end - start + 1 >= count) found = { start, end };
  }
  return found;
}
