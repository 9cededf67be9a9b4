/**
 * The `pipeline/` folder: a run, start to end — settings (settings.ts), the run's parts
 * (parts.ts), the stages in their one order (stages.ts), this engine, `classify`, the ordered core
 * (in-order.ts) behind `validateFile` (validate-file.ts) and `validateRows` (validate-rows.ts), and
 * the output set (outputs.ts). It is the only folder that puts the others together.
 *
 * The engine of one run: the stages (pipeline/stages.ts) with the run's state — the domain memo,
 * the duplicate tracker, suppression lists and the DNS checker — then `classify`. Two runs in one
 * process share nothing: all state is in the engine. Rows must come in input order (a duplicate
 * is "seen on an earlier line").
 */
import { classify } from './classify.js';
import type { DomainChecker } from '../dns/domain-checker.js';
import { DomainFactsCache, type DomainCheckOptions } from '../checks/domain-facts.js';
import { DuplicateTracker } from '../address/duplicates.js';
import type { Finding } from '../model/findings.js';
import type { Policy } from '../model/policy.js';
import type { InputRow, RowResult } from '../model/row.js';
import { detach } from '../model/strings.js';
import type { SuppressionSet } from '../suppression/index.js';
import type { MailboxStage } from './smtp-stage.js';
import { createStages, newWork, runStages, type OtherColumn, type RowWork, type Stage } from './stages.js';

/** What the engine needs besides the rows. */
export interface EngineParts {
  /** Reason → bucket. */
  policy: Policy;
  /** Settings of the offline domain checks. */
  domainOptions: DomainCheckOptions;
  /** Extra role names from the config. */
  roleNames?: ReadonlySet<string>;
  /** Domain checker; absent when DNS is off. */
  dns?: DomainChecker;
  /** Loaded suppression lists. */
  suppression?: SuppressionSet;
  /** SMTP mailbox probing (`--smtp`); needs `dns`. */
  smtp?: MailboxStage;
}

/** Runs every stage on a row and classifies it; only rows that wait for the network return a promise. */
export class Engine {
  private readonly stages: readonly Stage[];

  constructor(private readonly parts: EngineParts) {
    this.stages = createStages({
      policy: parts.policy,
      domainOptions: parts.domainOptions,
      roleNames: parts.roleNames,
      domainFacts: new DomainFactsCache(parts.domainOptions),
      duplicates: new DuplicateTracker(),
      suppression: parts.suppression,
      dns: parts.dns,
      smtp: parts.smtp,
    });
  }

  /**
   * Checks one row read from the address column `emailColumn`. `otherColumns` are further address
   * columns (Outlook's `E-mail 2 Address`): when the main cell is empty or not an address, a valid
   * address there becomes the suggestion.
   */
  process(row: InputRow, emailColumn: number, otherColumns: readonly OtherColumn[] = []): RowResult | Promise<RowResult> {
    if (row.malformed !== undefined) return this.finish(row, undefined, [{ code: 'malformed_row', ...row.malformed }]);
    const work = newWork(row, detach(row.fields[emailColumn] ?? ''), otherColumns);
    const pending = runStages(this.stages, work);
    return pending ? pending.then(() => this.finishWork(work)) : this.finishWork(work);
  }

  private finishWork(work: RowWork): RowResult {
    return this.finish(work.row, work.facts, work.findings);
  }

  private finish(row: InputRow, facts: RowResult['address'], findings: Finding[]): RowResult {
    const verdict = classify(findings, this.parts.policy);
    const result: RowResult = { row, findings, bucket: verdict.bucket };
    if (facts) result.address = facts;
    if (verdict.primary) {
      result.primary = verdict.primary;
      result.reason = verdict.primary.code;
    }
    if (verdict.suggestion !== undefined) result.suggestion = verdict.suggestion;
    return result;
  }
}
