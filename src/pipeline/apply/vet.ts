/**
 * The checks a decision must pass before its row goes into the import, with the run's own settings
 * (report.json's `apply.checks` and `policy`):
 *
 * - `fix`: the new address goes through the run's offline stages (extract, syntax, deny list,
 *   typo/unknown TLD, disposable, suppression lists) and the duplicate memory of the import. It is
 *   refused when it is no single valid address, or when any finding would reject the row under the
 *   run's policy (a disposable domain, a suppressed address, a duplicate of a row already in the
 *   import). Findings a person may overrule (a role address, a typo the person typed on purpose)
 *   do not refuse it: they chose it.
 * - `keep`: the person has seen the reason and keeps the row; the address must still be one valid
 *   address, or the import would fail on it.
 *
 * The duplicate memory is seeded with every clean and kept row first, then fixes are checked in
 * input order: a fix never pushes out a row that is imported anyway.
 */
import { aliasKey } from '../../address/alias.js';
import { DuplicateTracker } from '../../address/duplicates.js';
import { extractAddress } from '../../address/extract.js';
import { checkSyntax } from '../../address/syntax.js';
import { DomainFactsCache, type DomainCheckOptions } from '../../checks/domain-facts.js';
import { KwigaError } from '../../model/errors.js';
import { severityOf, type Finding } from '../../model/findings.js';
import type { Policy } from '../../model/policy.js';
import type { ApplyBasis } from '../../model/report.js';
import { SuppressionLoadError, SuppressionSet } from '../../suppression/index.js';
import { asciiSet } from '../parts.js';
import { createStages, newWork, runStages, type Stage } from '../stages.js';

/** A decision's verdict: the address to import, or why not. */
export type Verdict = { ok: true; address: string } | { ok: false; finding: Finding };

/** Checks keeps and fixes against the run's settings and the import's addresses. */
export class DecisionChecker {
  private readonly seen = new DuplicateTracker();

  private constructor(
    private readonly stages: readonly Stage[],
    private readonly policy: Policy,
  ) {}

  /** Loads the run's suppression lists (as of the run's start, for soft-bounce expiry). */
  static async create(basis: ApplyBasis, policy: Policy, runStartedAt: string): Promise<DecisionChecker> {
    const { checks } = basis;
    const domainOptions: DomainCheckOptions = {
      allowDomains: asciiSet(checks.allowDomains),
      disposableAllow: asciiSet(checks.disposableAllow),
      denyDomains: asciiSet(checks.denyDomains),
    };
    if (checks.typoMaxDistance !== undefined) domainOptions.typoMaxDistance = checks.typoMaxDistance;
    let suppression: SuppressionSet | undefined;
    if (checks.suppress.length > 0) {
      suppression = await SuppressionSet.load(checks.suppress, {
        ...(checks.softBounceEscalation ? { softBounceEscalation: checks.softBounceEscalation } : {}),
        ...(checks.softBounceExpiryDays !== undefined ? { softBounceExpiryDays: checks.softBounceExpiryDays } : {}),
        now: new Date(runStartedAt),
      }).catch((error: unknown) => {
        const why = error instanceof SuppressionLoadError ? error.message : String(error);
        throw new KwigaError('SUPPRESSION', `The run's suppression lists cannot be read again (${why}); fixes are checked against them: restore the file, or run the check again`);
      });
    }
    const stages = createStages({ policy, domainOptions, domainFacts: new DomainFactsCache(domainOptions), suppression });
    return new DecisionChecker(stages, policy);
  }

  /** Remembers the address of a row that is imported anyway (a clean row). */
  seed(address: string, line: number): void {
    const syntax = checkSyntax(address);
    if (syntax.ok) this.seen.check(syntax.local, syntax.asciiDomain, aliasKey(syntax.local, syntax.asciiDomain), line);
  }

  /** A kept row: its cell must hold one valid address; it is then remembered. */
  keep(cell: string, line: number): Verdict {
    const extraction = extractAddress(cell);
    if (extraction.kind === 'empty') return { ok: false, finding: { code: 'missing_email', why: 'email.missing' } };
    if (extraction.kind === 'multiple') {
      const args = { count: extraction.addresses.length, list: extraction.addresses.join(', ') };
      return { ok: false, finding: { code: 'multiple_addresses', why: 'multiple.found', args } };
    }
    const syntax = checkSyntax(extraction.address);
    if (!syntax.ok) {
      const { ok: _, ...message } = syntax;
      return { ok: false, finding: { code: 'invalid_syntax', ...message } };
    }
    this.seen.check(syntax.local, syntax.asciiDomain, aliasKey(syntax.local, syntax.asciiDomain), line);
    return { ok: true, address: syntax.normalized };
  }

  /** A fix: the new address passes the run's offline checks and is no duplicate; it is then remembered. */
  fix(suggestion: string, line: number): Verdict {
    if (extractAddress(suggestion).kind === 'empty') return { ok: false, finding: { code: 'missing_email', why: 'apply.no_suggestion' } };
    const work = newWork({ line, fields: [suggestion] }, suggestion);
    // No stage here waits for the network: the run is synchronous.
    void runStages(this.stages, work);
    const blocking = this.worst(work.findings);
    if (blocking) return { ok: false, finding: blocking };
    if (!work.usable) return { ok: false, finding: work.findings[0] ?? { code: 'missing_email', why: 'apply.no_suggestion' } };
    const { local, asciiDomain } = work.facts;
    const duplicate = this.seen.check(local!, asciiDomain!, work.alias, line);
    if (duplicate && this.policy[duplicate.code] === 'rejected') return { ok: false, finding: duplicate };
    return { ok: true, address: work.facts.normalized! };
  }

  /** The most severe finding that would reject the row under the run's policy. */
  private worst(findings: readonly Finding[]): Finding | undefined {
    let worst: Finding | undefined;
    for (const finding of findings) {
      if (this.policy[finding.code] !== 'rejected') continue;
      if (!worst || severityOf(finding.code) < severityOf(worst.code)) worst = finding;
    }
    return worst;
  }
}
