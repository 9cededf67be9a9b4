/**
 * The stages every row goes through, declared once, in order (`createStages`):
 *
 *   extract → syntax → domain → role → other_column → duplicates → suppression → dns → smtp → classify
 *
 * Each stage reads and fills its own part of the row's `RowWork` and adds findings; none decides a
 * bucket (that is `classify`, after the last stage). A stage that finds the cell is no usable
 * address marks it so, and the stages that need one pass it by. Only the network stages return a
 * promise; for every other row the whole pipeline is synchronous.
 */
import { aliasKey } from '../address/alias.js';
import { checkConfusables } from '../checks/confusables.js';
import { checkLayout } from '../checks/layout.js';
import { missingAtFix } from '../checks/lost-at.js';
import { checkRole } from '../checks/role.js';
import type { DomainChecker } from '../dns/domain-checker.js';
import { forMailbox, type DomainCheckOptions, type DomainFactsCache } from '../checks/domain-facts.js';
import type { DuplicateTracker } from '../address/duplicates.js';
import type { Finding } from '../model/findings.js';
import { extractAddress } from '../address/extract.js';
import type { Policy } from '../model/policy.js';
import type { AddressFacts, InputRow } from '../model/row.js';
import { isAsciiText } from '../model/strings.js';
import type { SuppressionSet } from '../suppression/index.js';
import { checkSyntax } from '../address/syntax.js';
import type { MailboxStage } from './smtp-stage.js';

/** A further address column of the input (Outlook's `E-mail 2 Address`). */
export interface OtherColumn {
  /** 0-based column index. */
  index: number;
  /** Header name, for the detail sentence. */
  name: string;
}

/** One row on its way through the stages. */
export interface RowWork {
  /** The row as read. */
  row: InputRow;
  /** The email cell as read. */
  cell: string;
  /** Further address columns, which may offer a fix for an empty or broken cell. */
  otherColumns: readonly OtherColumn[];
  /** What the stages learned about the address. */
  facts: AddressFacts;
  /** Everything noticed so far, in stage order. */
  findings: Finding[];
  /** The cell held one valid address, to look up and to match against lists. */
  usable: boolean;
  /** Provider-alias mailbox key (Gmail dots, +tags), when the provider aliases. */
  alias?: string;
}

/** The names of the stages, in the order they run. */
export const STAGE_ORDER = ['extract', 'syntax', 'domain', 'role', 'other_column', 'duplicates', 'suppression', 'dns', 'smtp'] as const;

/** A stage's name. */
export type StageName = (typeof STAGE_ORDER)[number];

/** One stage: fills its part of the work, synchronously or (network stages) with a promise. */
export interface Stage {
  /** Which stage this is. */
  name: StageName;
  /** Runs the stage on one row. */
  run(work: RowWork): void | Promise<void>;
}

/** What the stages work with; the optional parts are absent when switched off. */
export interface StageParts {
  /** Settings of the domain checks. */
  domainOptions: DomainCheckOptions;
  /** Extra role names from the config. */
  roleNames?: ReadonlySet<string> | undefined;
  /** The run's per-domain memo of offline facts. */
  domainFacts: DomainFactsCache;
  /** The run's memory of addresses seen (absent when checking a lone address). */
  duplicates?: DuplicateTracker | undefined;
  /** Loaded suppression lists. */
  suppression?: SuppressionSet | undefined;
  /** DNS, when on: the checker, and the policy (rows rejected anyway are not looked up). */
  dns?: { checker: DomainChecker; policy: Policy } | undefined;
  /** SMTP mailbox probing (`--smtp`, smtp-stage.ts), after DNS. */
  smtp?: MailboxStage | undefined;
}

/** The stages for these parts, in STAGE_ORDER; switched-off stages are left out. */
export function createStages(parts: StageParts): Stage[] {
  const stages: Stage[] = [
    { name: 'extract', run: (work) => extract(work, parts) },
    { name: 'syntax', run: syntax },
    { name: 'domain', run: (work) => domain(work, parts) },
    { name: 'role', run: (work) => role(work, parts.roleNames) },
    { name: 'other_column', run: (work) => otherColumn(work, parts) },
  ];
  const { duplicates, suppression, dns, smtp } = parts;
  if (duplicates) stages.push({ name: 'duplicates', run: (work) => remember(work, duplicates) });
  if (suppression) stages.push({ name: 'suppression', run: (work) => suppress(work, suppression) });
  if (dns) stages.push({ name: 'dns', run: (work) => lookup(work, dns.checker, dns.policy) });
  if (smtp) stages.push({ name: 'smtp', run: (work) => smtp.run(work) });
  return stages;
}

/** A fresh work item for a cell. */
export function newWork(row: InputRow, cell: string, otherColumns: readonly OtherColumn[] = []): RowWork {
  return { row, cell, otherColumns, facts: { original: cell }, findings: [], usable: false };
}

/**
 * Runs the stages from `from` on; resolves when the last one is done. Synchronous (returns
 * undefined) unless a stage returns a promise.
 */
export function runStages(stages: readonly Stage[], work: RowWork, from = 0): void | Promise<void> {
  for (let i = from; i < stages.length; i++) {
    const pending = stages[i]!.run(work);
    if (pending) return pending.then(() => runStages(stages, work, i + 1));
  }
  return undefined;
}

/**
 * The offline verdict on one candidate address (several in one cell, another address column):
 * the syntax, domain and role stages, as for a row of its own.
 */
function vet(address: string, parts: StageParts): RowWork {
  const work = newWork({ line: 0, fields: [] }, address);
  work.facts.normalized = address;
  work.usable = true;
  syntax(work);
  domain(work, parts);
  role(work, parts.roleNames);
  return work;
}

/** Empty cell, one address, or several (SPEC: "the first good one is the suggestion"). */
function extract(work: RowWork, parts: StageParts): void {
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
  const addresses = extraction.addresses;
  // Good means it passes the offline checks on its own; failing that, the fix of the first
  // misspelt one; failing that, the first that is at least an address.
  let good: string | undefined;
  let fallback: string | undefined;
  for (const address of addresses) {
    const candidate = vet(address, parts);
    if (!candidate.usable) continue;
    if (candidate.findings.length === 0) {
      good = candidate.facts.normalized!;
      break;
    }
    const typo = candidate.findings.find((f) => f.code === 'possible_typo');
    if (typo && !candidate.findings.some((f) => f.code === 'disposable')) fallback ??= typo.suggestion;
    fallback ??= candidate.facts.normalized!;
  }
  const args = { count: addresses.length, list: addresses.join(', ') };
  const suggestion = good ?? fallback;
  const finding: Finding = suggestion === undefined
    ? { code: 'multiple_addresses', why: 'multiple.none_valid', args }
    : { code: 'multiple_addresses', why: 'multiple.found', args, suggestion };
  work.findings.push(finding);
}

const CYRILLIC = /[\u0400-\u04FF]/u;

/** Keyboard layout (before syntax: the `"` typed for `@` looks invalid), then RFC syntax. */
function syntax(work: RowWork): void {
  if (!work.usable) return;
  const address = work.facts.normalized!;
  work.usable = false;
  if (CYRILLIC.test(address)) {
    const layout = checkLayout(address);
    if (layout) {
      work.findings.push(layout);
      return;
    }
  }
  const result = checkSyntax(address);
  if (!result.ok) {
    const { ok: _, ...message } = result;
    const finding: Finding = { code: 'invalid_syntax', ...message };
    if (result.why === 'syntax.no_at') {
      const fix = missingAtFix(address);
      if (fix !== undefined) finding.suggestion = fix;
    }
    work.findings.push(finding);
    return;
  }
  const facts = work.facts;
  facts.normalized = result.normalized;
  facts.local = result.local;
  facts.domain = result.domain;
  facts.asciiDomain = result.asciiDomain;
  work.usable = true;
  const alias = aliasKey(result.local, result.asciiDomain);
  if (alias !== undefined) work.alias = alias;
}

/** The domain's offline facts (deny list, typo, look-alike, disposable), decided once per domain. */
function domain(work: RowWork, parts: StageParts): void {
  if (!work.usable) return;
  const { facts, findings } = work;
  const local = facts.local!;
  const domainFacts = parts.domainFacts.get(facts.domain!, facts.asciiDomain!);
  facts.freeProvider = domainFacts.free;
  facts.domainFacts = domainFacts;
  if (domainFacts.denied) findings.push(domainFacts.denied);
  if (domainFacts.typo) findings.push(forMailbox(domainFacts.typo, local));
  if (domainFacts.confusable) findings.push(forMailbox(domainFacts.confusable, local));
  else if (!parts.domainOptions.allowDomains?.has(facts.asciiDomain!) && !isAsciiText(local)) {
    const confusable = checkConfusables(local, facts.domain!);
    if (confusable) findings.push(confusable);
  }
  if (domainFacts.disposable) findings.push(domainFacts.disposable);
}

function role(work: RowWork, roleNames: ReadonlySet<string> | undefined): void {
  if (!work.usable) return;
  const found = checkRole(work.facts.local!, roleNames);
  if (found) work.findings.push(found);
}

/** For an empty or broken cell without a fix, the first valid address in another address column. */
function otherColumn(work: RowWork, parts: StageParts): void {
  if (work.usable || work.otherColumns.length === 0) return;
  const finding = work.findings[0];
  if (!finding || finding.suggestion !== undefined) return;
  if (finding.code !== 'missing_email' && finding.code !== 'invalid_syntax') return;
  for (const column of work.otherColumns) {
    const cell = work.row.fields[column.index];
    if (!cell) continue;
    const extraction = extractAddress(cell);
    if (extraction.kind !== 'single') continue;
    const candidate = vet(extraction.address, parts);
    if (!candidate.usable) continue;
    finding.suggestion = candidate.facts.normalized!;
    finding.otherColumn = column.name;
    return;
  }
}

function remember(work: RowWork, duplicates: DuplicateTracker): void {
  if (!work.usable) return;
  const found = duplicates.check(work.facts.local!, work.facts.asciiDomain!, work.alias, work.row.line);
  if (found) work.findings.push(found);
}

function suppress(work: RowWork, suppression: SuppressionSet): void {
  if (!work.usable) return;
  const found = suppression.match(work.facts.normalized!, work.facts.local!, work.facts.asciiDomain!);
  if (found) work.findings.push(found);
}

/** No lookup for a row that is rejected anyway (duplicate, disposable, unknown TLD, suppressed). */
function lookup(work: RowWork, dns: DomainChecker, policy: Policy): Promise<void> | undefined {
  if (!work.usable || work.findings.some((f) => policy[f.code] === 'rejected')) return undefined;
  const { facts } = work;
  return dns.lookup(facts.asciiDomain!).then((found) => {
    // The answer is shared by every row of the domain: copy it, naming the domain as written.
    if (found) work.findings.push({ ...found, args: { ...found.args, domain: facts.domain ?? facts.asciiDomain! } } as Finding);
  });
}
