/**
 * The stages every row goes through, declared once, in order (`createStages`):
 *
 *   extract → syntax → domain → mailbox_rules → role → fixes → other_column → duplicates → suppression → dns → smtp
 *
 * then `classify`. Each stage reads and fills its own part of the row's `RowWork` and adds findings;
 * none decides a bucket. A stage that finds the cell is no usable address marks it so, and the
 * stages that need one pass it by. `fixes` runs every suggestion through the offline stages again
 * (`vetFix`), so no fix is offered that would itself be rejected; only then, for a cell left with
 * no fix, `other_column` looks at the row's other address columns (vetted the same way). Only the
 * network stages return a promise; for every other row the whole pipeline is synchronous.
 */
import type { DomainChecker } from '../dns/domain-checker.js';
import type { DomainCheckOptions, DomainFactsCache } from '../checks/domain-facts.js';
import type { DuplicateTracker } from '../address/duplicates.js';
import type { Finding } from '../model/findings.js';
import type { Policy } from '../model/policy.js';
import type { AddressFacts, InputRow } from '../model/row.js';
import type { SuppressionSet } from '../suppression/index.js';
import type { MailboxStage } from './smtp-stage.js';
import { domain, extract, fixes, mailboxRules, otherColumn, role, syntax } from './offline-stages.js';

export { newWork, vetFix } from './offline-stages.js';

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
  /** The local part in NFKC when that differs (`ｕｓｅｒ` → `user`): duplicates compare this form. */
  key?: string;
  /** Whether the local part is ASCII (decided once, in the syntax stage). */
  asciiLocal?: boolean;
}

/** The names of the stages, in the order they run. */
export const STAGE_ORDER = [
  'extract', 'syntax', 'domain', 'mailbox_rules', 'role', 'fixes', 'other_column', 'duplicates', 'suppression', 'dns', 'smtp',
] as const;

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
  /** Reason → bucket: which fixes are no fix, and which rows need no DNS lookup. */
  policy: Policy;
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
  /** DNS, when on (rows the policy rejects anyway are not looked up). */
  dns?: DomainChecker | undefined;
  /** SMTP mailbox probing (`--smtp`, smtp-stage.ts), after DNS. */
  smtp?: MailboxStage | undefined;
}

/** The stages for these parts, in STAGE_ORDER; switched-off stages are left out. */
export function createStages(parts: StageParts): Stage[] {
  const stages: Stage[] = [
    { name: 'extract', run: (work) => extract(work, parts) },
    { name: 'syntax', run: syntax },
    { name: 'domain', run: (work) => domain(work, parts) },
    { name: 'mailbox_rules', run: mailboxRules },
    { name: 'role', run: (work) => role(work, parts.roleNames) },
    { name: 'fixes', run: (work) => fixes(work, parts) },
    { name: 'other_column', run: (work) => otherColumn(work, parts) },
  ];
  const { duplicates, suppression, dns, smtp } = parts;
  if (duplicates) stages.push({ name: 'duplicates', run: (work) => remember(work, duplicates) });
  if (suppression) stages.push({ name: 'suppression', run: (work) => suppress(work, suppression) });
  if (dns) stages.push({ name: 'dns', run: (work) => lookup(work, dns, parts.policy) });
  if (smtp) stages.push({ name: 'smtp', run: (work) => smtp.run(work) });
  return stages;
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

function remember(work: RowWork, duplicates: DuplicateTracker): void {
  if (!work.usable) return;
  const found = duplicates.check(work.key ?? work.facts.local!, work.facts.asciiDomain!, work.alias, work.row.line);
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
