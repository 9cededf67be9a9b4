import { checkAddress, type AddressCheckOptions } from './check-address.js';
import { classify } from './classify.js';
import type { DomainChecker } from './dns/checker.js';
import { DuplicateTracker } from './duplicates.js';
import { detach } from './strings.js';
import type { Finding } from './findings.js';
import { extractAddress } from './normalize.js';
import { checkSyntax } from './syntax.js';
import type { Policy } from './policy.js';
import type { InputRow, RowResult } from './row.js';
import type { SuppressionSet } from './suppression/index.js';

/** A further address column of the input. */
export interface OtherColumn {
  /** 0-based column index. */
  index: number;
  /** Header name, for the detail sentence. */
  name: string;
}

/** For an empty or invalid cell without a fix, the first valid address in another address column. */
function suggestFromOtherColumn(findings: Finding[], fields: readonly string[], columns: readonly OtherColumn[]): void {
  const finding = findings[0];
  if (!finding || finding.suggestion !== undefined) return;
  if (finding.code !== 'missing_email' && finding.code !== 'invalid_syntax') return;
  for (const column of columns) {
    const cell = fields[column.index];
    if (!cell) continue;
    const extraction = extractAddress(cell);
    if (extraction.kind !== 'single') continue;
    const syntax = checkSyntax(extraction.address);
    if (!syntax.ok) continue;
    finding.suggestion = syntax.normalized;
    finding.args = { ...finding.args, otherColumn: column.name };
    return;
  }
}

/** What the engine needs besides the rows. */
export interface EngineParts {
  /** Reason → bucket. */
  policy: Policy;
  /** Offline check settings. */
  address: AddressCheckOptions;
  /** Domain checker; absent when DNS is off. */
  dns?: DomainChecker;
  /** Loaded suppression lists. */
  suppression?: SuppressionSet;
}

/**
 * Runs every stage on a row and classifies it. Synchronous where it can be: only rows that wait
 * for their domain's DNS answer return a promise, so an offline run allocates no promise per row.
 * Rows must be passed in input order (duplicates are "seen on an earlier line").
 */
export class Engine {
  private readonly duplicates = new DuplicateTracker();

  constructor(private readonly parts: EngineParts) {}

  /**
   * Checks one row read from the address column `emailColumn`. `otherColumns` are further address
   * columns (Outlook's `E-mail 2 Address`): when the main cell is empty or not an address, a valid
   * address there becomes the suggestion.
   */
  process(row: InputRow, emailColumn: number, otherColumns: readonly OtherColumn[] = []): RowResult | Promise<RowResult> {
    if (row.malformed !== undefined) {
      const finding: Finding = { code: 'malformed_row', why: row.malformed };
      if (row.malformedArgs) finding.args = row.malformedArgs;
      return this.finish(row, undefined, [finding], row.raw);
    }
    const cell = detach(row.fields[emailColumn] ?? '');
    const check = checkAddress(cell, this.parts.address);
    const findings = check.findings;
    const facts = check.facts;
    if (!check.usable || facts.normalized === undefined || facts.asciiDomain === undefined) {
      if (otherColumns.length > 0) suggestFromOtherColumn(findings, row.fields, otherColumns);
      return this.finish(row, facts, findings);
    }
    const duplicate = this.duplicates.check(facts.local!, facts.asciiDomain, check.alias, row.line);
    if (duplicate) findings.push(duplicate);
    const suppressed = this.parts.suppression?.match(facts.normalized, facts.local!, facts.asciiDomain);
    if (suppressed) findings.push(suppressed);
    const dns = this.parts.dns;
    // No lookup for a row that is rejected anyway (duplicate, disposable, unknown TLD, suppressed).
    if (dns && !findings.some((f) => this.parts.policy[f.code] === 'rejected')) {
      return dns.lookup(facts.asciiDomain).then((found) => {
        // The answer is shared by every row of the domain: copy it, naming the domain as written.
        if (found) findings.push({ ...found, args: { ...found.args, domain: facts.domain ?? facts.asciiDomain! } });
        return this.finish(row, facts, findings);
      });
    }
    return this.finish(row, facts, findings);
  }

  private finish(row: InputRow, facts: RowResult['address'], findings: Finding[], raw?: string): RowResult {
    const verdict = classify(findings, this.parts.policy);
    const detail = raw !== undefined ? `${verdict.detail} Original text: ${raw}` : verdict.detail;
    const result: RowResult = { row, findings, bucket: verdict.bucket, detail };
    if (facts) result.address = facts;
    if (verdict.reason) result.reason = verdict.reason;
    if (verdict.suggestion !== undefined) result.suggestion = verdict.suggestion;
    return result;
  }
}
