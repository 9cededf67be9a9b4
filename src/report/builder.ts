import { REASON_CODES, type Bucket, type ReasonCode } from '../model/findings.js';
import type { RowResult } from '../model/row.js';
import { detach } from '../model/strings.js';

/** Per-domain counts. */
export interface DomainCount {
  /** The domain (Unicode form). */
  domain: string;
  /** Rows with an address at this domain. */
  rows: number;
  /** … of them clean. */
  clean: number;
  /** … of them in review. */
  review: number;
  /** … of them rejected. */
  rejected: number;
}

/** A typo correction seen in the list. */
export interface TypoCount {
  /** The domain as written. */
  from: string;
  /** The suggested domain. */
  to: string;
  /** Rows with this correction. */
  count: number;
}

/** An example row for a reason (the address is masked when the report is rendered). */
export interface Example {
  /** Input line. */
  line: number;
  /** The email cell as written. */
  address: string;
  /** The suggested fix, if any. */
  suggestion?: string;
}

const EXAMPLES_PER_REASON = 5;
const TOP_DOMAINS = 50;
const TOP_TYPOS = 50;

/** Counts rows as they are written; cheap per row, memory bounded by distinct domains. */
export class ReportBuilder {
  /** Rows by bucket. */
  readonly totals = { rows: 0, clean: 0, review: 0, rejected: 0 };
  /** Rows by primary reason. */
  readonly reasons = Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as Record<ReasonCode, number>;
  /** Rows that were malformed CSV. */
  malformedRows = 0;
  /** Rows with a valid address at a free-mail provider / at any domain. */
  readonly providers = { free: 0, withDomain: 0 };
  /**
   * Valid rows per free-mail domain, to name the list's own top ones: rows written as meant first
   * (a misspelt `gmial.com` is on the free-mail list too, but is no provider to name), all of them
   * only when there are no others.
   */
  private readonly freeDomains = new Map<string, number>();
  private readonly freeDomainsAll = new Map<string, number>();
  private readonly domains = new Map<string, DomainCount>();
  private readonly byFacts = new Map<object | string, DomainCount>();
  private readonly typos = new Map<string, TypoCount>();
  private readonly examples = new Map<ReasonCode, Example[]>();

  /** Counts one classified row. */
  add(result: RowResult): void {
    const bucket: Bucket = result.bucket;
    this.totals.rows++;
    this.totals[bucket]++;
    if (result.reason) {
      this.reasons[result.reason]++;
      this.addExample(result.reason, result);
    }
    if (result.row.malformed !== undefined) this.malformedRows++;
    const domain = result.address?.domain;
    if (domain !== undefined) {
      // Rows of one domain share one facts object: an identity lookup, no string hashing per row.
      const key: object | string = result.address!.domainFacts ?? domain;
      let count = this.byFacts.get(key);
      if (!count) {
        count = this.domains.get(domain);
        if (!count) {
          count = { domain: detach(domain), rows: 0, clean: 0, review: 0, rejected: 0 };
          this.domains.set(count.domain, count);
        }
        this.byFacts.set(typeof key === 'string' ? count.domain : key, count);
      }
      count.rows++;
      count[bucket]++;
      this.providers.withDomain++;
      if (result.address!.freeProvider) {
        this.providers.free++;
        const named = result.suggestion === undefined ? this.freeDomains : this.freeDomainsAll;
        named.set(count.domain, (named.get(count.domain) ?? 0) + 1);
      }
    }
    if (result.reason === 'possible_typo' && domain !== undefined && result.suggestion) {
      const to = result.suggestion.slice(result.suggestion.lastIndexOf('@') + 1);
      const key = `${domain}\u0000${to}`;
      const typo = this.typos.get(key);
      if (typo) typo.count++;
      else this.typos.set(key, { from: domain, to, count: 1 });
    }
  }

  private addExample(reason: ReasonCode, result: RowResult): void {
    let list = this.examples.get(reason);
    if (!list) this.examples.set(reason, (list = []));
    if (list.length >= EXAMPLES_PER_REASON) return;
    const example: Example = {
      line: result.row.line,
      address: result.address?.original ?? (result.row.raw ?? '').slice(0, 200),
    };
    if (result.suggestion !== undefined) example.suggestion = result.suggestion;
    list.push(example);
  }

  /** Number of distinct domains seen. */
  get domainCount(): number {
    return this.domains.size;
  }

  /** Top domains by rows (ties by name, so reports are deterministic). */
  topDomains(limit = TOP_DOMAINS): DomainCount[] {
    return [...this.domains.values()]
      .sort((a, b) => b.rows - a.rows || (a.domain < b.domain ? -1 : 1))
      .slice(0, limit);
  }

  /** Top domains by rows not clean. */
  topProblemDomains(limit = 10): DomainCount[] {
    return [...this.domains.values()]
      .filter((d) => d.rows > d.clean)
      .sort((a, b) => b.rows - b.clean - (a.rows - a.clean) || (a.domain < b.domain ? -1 : 1))
      .slice(0, limit);
  }

  /** The free-mail domains with the most valid rows (ties by name), and how many there are in all. */
  topFree(limit = 3): { top: string[]; domains: number } {
    const source = this.freeDomains.size > 0 ? this.freeDomains : this.freeDomainsAll;
    const top = [...source.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([domain]) => domain);
    return { top, domains: source.size };
  }

  /** Typo corrections, most frequent first. */
  topTypos(limit = TOP_TYPOS): TypoCount[] {
    return [...this.typos.values()]
      .sort((a, b) => b.count - a.count || (a.from < b.from ? -1 : 1))
      .slice(0, limit);
  }

  /** Example rows per reason. */
  examplesByReason(): Partial<Record<ReasonCode, Example[]>> {
    return Object.fromEntries(this.examples);
  }
}
