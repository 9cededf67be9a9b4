/**
 * The counts of apply-report.json, kept as rows are decided: every row of the run lands in exactly
 * one outcome, so `rows` = imported + dropped + deleted + refused + notSelected.
 */
import type { Action } from '../../model/actions.js';
import type { ApplyReport, ReasonOutcome } from '../../model/apply-report.js';
import type { ReasonCode } from '../../model/findings.js';

/** What became of one review/rejected row. */
export type Outcome = keyof ReasonOutcome;

/** Counters for one apply. */
export class Tally {
  /** Totals. */
  readonly totals: ApplyReport['totals'] = { rows: 0, imported: 0, clean: 0, kept: 0, fixed: 0, dropped: 0, deleted: 0, refused: 0, notSelected: 0 };
  /** Actions as read. */
  readonly actions: ApplyReport['actions'] = { keep: 0, fix: 0, drop: 0 };
  /** Outcomes by reason. */
  readonly reasons: ApplyReport['reasons'] = {};
  /** Refusals by reason. */
  readonly problems: ApplyReport['problems'] = { rows: 0, reasons: {} };

  /** A clean row, imported as it is. */
  clean(): void {
    this.totals.rows++;
    this.totals.clean++;
    this.totals.imported++;
  }

  /** An action read from a file. */
  read(action: Action): void {
    this.actions[action]++;
  }

  /** A review/rejected row's outcome, under its run reason. */
  outcome(reason: ReasonCode | undefined, outcome: Outcome): void {
    this.totals.rows++;
    this.totals[outcome]++;
    if (outcome === 'kept' || outcome === 'fixed') this.totals.imported++;
    if (reason === undefined) return;
    const entry = (this.reasons[reason] ??= { kept: 0, fixed: 0, dropped: 0, deleted: 0, refused: 0, notSelected: 0 });
    entry[outcome]++;
  }

  /** A refusal, by the code of the check that refused it. */
  problem(code: ReasonCode): void {
    this.problems.rows++;
    this.problems.reasons[code] = (this.problems.reasons[code] ?? 0) + 1;
  }
}
