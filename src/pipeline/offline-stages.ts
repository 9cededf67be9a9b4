/**
 * The offline stages of pipeline/stages.ts's list, in its order: extract, syntax, domain,
 * mailbox_rules, role, fixes and other_column, with `vet`/`vetFix`, which run a candidate address
 * (one of several in a cell, another address column, a suggested fix) through the same stages as a
 * row of its own.
 * Synchronous and cheap for the common row: an ASCII address at a known domain touches a few
 * table lookups and the per-domain memo.
 */
import { aliasKey } from '../address/alias.js';
import { checkConfusables } from '../checks/confusables.js';
import { checkLayout } from '../checks/layout.js';
import { missingAtFix } from '../checks/lost-at.js';
import { checkMailbox } from '../checks/mailbox.js';
import { mailboxRuleFor } from '../checks/mailbox-rules.js';
import { checkReserved } from '../checks/reserved.js';
import { checkRole } from '../checks/role.js';
import { findSlip, slipFinding } from '../checks/slips.js';
import { forMailbox } from '../checks/domain-facts.js';
import type { Finding } from '../model/findings.js';
import { extractAddress } from '../address/extract.js';
import type { InputRow } from '../model/row.js';
import { isAsciiText } from '../model/strings.js';
import { checkSyntax, type SyntaxResult } from '../address/syntax.js';
import { classify } from './classify.js';
import type { OtherColumn, RowWork, StageParts } from './stages.js';

/** A fresh work item for a cell. */
export function newWork(row: InputRow, cell: string, otherColumns: readonly OtherColumn[] = []): RowWork {
  return { row, cell, otherColumns, facts: { original: cell }, findings: [], usable: false };
}

/**
 * The offline verdict on one candidate address (several in one cell, another address column, a
 * suggested fix): the syntax, domain, mailbox_rules and role stages, as for a row of its own.
 */
function vet(address: string, parts: StageParts): RowWork {
  const work = newWork({ line: 0, fields: [] }, address);
  work.facts.normalized = address;
  work.usable = true;
  syntax(work);
  domain(work, parts);
  mailboxRules(work);
  role(work, parts.roleNames);
  return work;
}

/** A fix of a fix is followed this many times at most (`тарас@gmial.com` → `тарас@gmail.com` → `taras@gmail.com`). */
const MAX_FIX_STEPS = 2;

/**
 * The address a candidate or suggestion really stands for, run through the same stages: itself
 * when it passes, its own fix when it has one, undefined when it is no address or the policy would
 * reject it (a disposable address is no fix). Review findings without a fix (a role address, a
 * Gmail name under six letters) leave it standing: it is still the likely address.
 */
export function vetFix(address: string, parts: StageParts, depth = 0): string | undefined {
  const work = vet(address, parts);
  const verdict = classify(work.findings, parts.policy);
  if (verdict.suggestion !== undefined && verdict.suggestion !== work.facts.normalized) {
    return depth < MAX_FIX_STEPS ? vetFix(verdict.suggestion, parts, depth + 1) : undefined;
  }
  return work.usable && verdict.bucket !== 'rejected' ? work.facts.normalized : undefined;
}

/** Empty cell, one address, or several (SPEC: "the first good one is the suggestion"). */
export function extract(work: RowWork, parts: StageParts): void {
  const extraction = extractAddress(work.cell);
  if (extraction.kind === 'empty') {
    work.findings.push({ code: 'missing_email', why: 'email.missing' });
    return;
  }
  if (extraction.kind === 'single') {
    work.facts.normalized = extraction.address;
    work.usable = true;
    return;
  }
  // `olena@gmail,com` splits at its comma: a slip with one obvious fix is one address, not two.
  const slip = findSlip(work.cell);
  if (slip) {
    work.facts.normalized = slip.fixed;
    work.usable = true;
    const fixed = checkSyntax(slip.fixed);
    const finding = fixed.ok ? slipFinding(slip, work.cell, fixed.normalized) : undefined;
    if (finding) work.findings.push(finding);
    return;
  }
  const addresses = extraction.addresses;
  // Good means it passes the offline checks on its own; failing that, the first that is (or has a
  // fix that is) an address the policy does not reject.
  let good: string | undefined;
  let fallback: string | undefined;
  for (const address of addresses) {
    const candidate = vet(address, parts);
    if (candidate.usable && candidate.findings.length === 0) {
      good = candidate.facts.normalized!;
      break;
    }
    fallback ??= vetFix(address, parts);
  }
  const args = { count: addresses.length, list: addresses.join(', ') };
  const suggestion = good ?? fallback;
  const finding: Finding = suggestion === undefined
    ? { code: 'multiple_addresses', why: 'multiple.none_valid', args }
    : { code: 'multiple_addresses', why: 'multiple.found', args, suggestion };
  work.findings.push(finding);
}

const CYRILLIC = /[\u0400-\u04FF]/u;

/** Whether the domain of a not yet checked address is a big provider with mailbox rules. */
function atRuleDomain(address: string): boolean {
  return mailboxRuleFor(address.slice(address.lastIndexOf('@') + 1).toLowerCase()) !== undefined;
}

/**
 * Keyboard layout (before syntax: the `"` typed for `@` looks invalid), then RFC syntax; an address
 * that fails it may be a punctuation slip with one obvious fix (checks/slips.ts): silent slips go
 * on as the fixed address with nothing reported, the others as a `punctuation_slip` with the fix.
 * At a provider with mailbox rules the mailbox_rules stage reads a Cyrillic name instead of a blind flip.
 */
export function syntax(work: RowWork): void {
  if (!work.usable) return;
  const address = work.facts.normalized!;
  work.usable = false;
  const ascii = isAsciiText(address);
  let result = checkSyntax(address);
  if (!ascii && CYRILLIC.test(address) && !(result.ok ? mailboxRuleFor(result.asciiDomain) : atRuleDomain(address))) {
    const layout = checkLayout(address);
    if (layout) {
      work.findings.push(layout);
      return;
    }
  }
  if (!result.ok && result.why !== 'syntax.reserved_domain') {
    const slip = findSlip(address);
    const fixed = slip ? checkSyntax(slip.fixed) : undefined;
    if (slip && fixed?.ok) {
      result = fixed;
      const finding = slipFinding(slip, address, fixed.normalized);
      if (finding) work.findings.push(finding);
    }
  }
  if (!result.ok) {
    work.findings.push(syntaxFinding(address, result));
    return;
  }
  const facts = work.facts;
  facts.normalized = result.normalized;
  facts.local = result.local;
  facts.domain = result.domain;
  facts.asciiDomain = result.asciiDomain;
  // An ASCII address has an ASCII local part (NFC cannot make one non-ASCII).
  work.asciiLocal = ascii || isAsciiText(result.local);
  work.usable = true;
  const alias = aliasKey(result.local, result.asciiDomain);
  if (alias !== undefined) work.alias = alias;
}

/** `invalid_syntax`, or `reserved_domain` for a special-use name (`.test`, `.invalid`, RFC 6761). */
function syntaxFinding(address: string, result: SyntaxResult & { ok: false }): Finding {
  const { ok: _, ...message } = result;
  if (result.why === 'syntax.reserved_domain') {
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    const reserved = checkReserved(domain);
    if (reserved) return { code: 'reserved_domain', why: 'reserved.domain', args: { domain, rfc: reserved.rfc } };
  }
  const finding: Finding = { code: 'invalid_syntax', ...message };
  if (result.why === 'syntax.no_at') {
    const fix = missingAtFix(address);
    if (fix !== undefined) finding.suggestion = fix;
  }
  return finding;
}

/** The domain's offline facts (deny list, reserved, typo, slip, look-alike, disposable), decided once per domain. */
export function domain(work: RowWork, parts: StageParts): void {
  if (!work.usable) return;
  const { facts, findings } = work;
  const local = facts.local!;
  const domainFacts = parts.domainFacts.get(facts.domain!, facts.asciiDomain!);
  facts.freeProvider = domainFacts.free;
  facts.domainFacts = domainFacts;
  if (domainFacts.denied) findings.push(domainFacts.denied);
  if (domainFacts.reserved) findings.push(domainFacts.reserved);
  if (domainFacts.typo) findings.push(forMailbox(domainFacts.typo, local));
  if (domainFacts.slip) findings.push(forMailbox(domainFacts.slip, local));
  if (domainFacts.confusable) findings.push(forMailbox(domainFacts.confusable, local));
  else if (!work.asciiLocal && !domainFacts.mailboxRules && !parts.domainOptions.allowDomains?.has(facts.asciiDomain!)) {
    // At a provider with mailbox rules the mailbox_rules stage reads the name (look-alike or not).
    const confusable = checkConfusables(local, facts.domain!);
    if (confusable) findings.push(confusable);
  }
  if (domainFacts.disposable) findings.push(domainFacts.disposable);
}

/** Provider mailbox rules, the Latin reading of a Cyrillic name, and the NFKC fold (checks/mailbox.ts). */
export function mailboxRules(work: RowWork): void {
  if (!work.usable) return;
  const { facts } = work;
  const check = checkMailbox(facts.local!, facts.domain!, facts.asciiDomain!, facts.domainFacts!.mailboxRules, work.asciiLocal);
  if (check.folded !== undefined) work.key = check.folded;
  for (const finding of check.findings) work.findings.push(finding);
}

export function role(work: RowWork, roleNames: ReadonlySet<string> | undefined): void {
  if (!work.usable) return;
  const found = checkRole(work.facts.local!, roleNames);
  if (found) work.findings.push(found);
}

/**
 * For an empty or broken cell without a fix, the first address in another address column that
 * passes the offline checks (or its fix: `x@gmial.com` offers `x@gmail.com`, `y@mailinator.com`
 * offers nothing). `classify` sends such a row to review (docs: "A fix from another column").
 */
export function otherColumn(work: RowWork, parts: StageParts): void {
  if (work.usable || work.otherColumns.length === 0) return;
  const finding = work.findings[0];
  if (!finding || finding.suggestion !== undefined) return;
  if (finding.code !== 'missing_email' && finding.code !== 'invalid_syntax') return;
  for (const column of work.otherColumns) {
    const cell = work.row.fields[column.index];
    if (!cell) continue;
    const extraction = extractAddress(cell);
    if (extraction.kind !== 'single') continue;
    const fix = vetFix(extraction.address, parts);
    if (fix === undefined) continue;
    finding.suggestion = fix;
    finding.otherColumn = column.name;
    return;
  }
}

/** The readings of a name: when their fix fails its own checks, `mailbox_not_allowed` says all there is. */
const READINGS: ReadonlySet<string> = new Set(['mailbox.cyrillic_name', 'confusable.compatibility', 'confusable.local_mixed_script', 'layout.cyrillic']);

/**
 * Every suggestion must itself pass the offline checks (issue 17): a fix whose result has a fix of
 * its own becomes that one, a fix the policy would reject is dropped. Most rows have no finding,
 * so this costs nothing for them.
 */
export function fixes(work: RowWork, parts: StageParts): void {
  const { findings } = work;
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i]!;
    if (finding.suggestion === undefined || finding.otherColumn !== undefined) continue;
    const fix = vetFix(finding.suggestion, parts);
    if (fix === finding.suggestion) continue;
    if (fix !== undefined) {
      findings[i] = { ...finding, suggestion: fix };
    } else if (READINGS.has(finding.why) && findings.some((f) => f.code === 'mailbox_not_allowed')) {
      findings.splice(i--, 1);
    } else {
      const { suggestion: _, ...rest } = finding;
      findings[i] = rest as Finding;
    }
  }
}

