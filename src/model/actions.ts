/**
 * `validation_action`: what a person (or `--apply`) decides for a row of review.csv or
 * rejected.csv, and the value the run prefills. `kwiga-validate apply` reads it back.
 *
 * - `keep`: import the row as it is (its address as normalized);
 * - `fix`: import the row with the address replaced by `validation_suggestion`;
 * - `drop`: leave the row out of the import.
 *
 * The words stay English in every `--lang`, like reason codes and column names: they are values a
 * program reads back, not sentences.
 */
import type { Bucket, ReasonCode } from './findings.js';

/** The values of `validation_action`. */
export const ACTIONS = ['keep', 'fix', 'drop'] as const;

/** A value of `validation_action`. */
export type Action = (typeof ACTIONS)[number];

/** Reason code → the action prefilled for it (the `actions` key of the config file). */
export type ActionTable = Partial<Record<ReasonCode, Action>>;

/**
 * The prefilled action of a review row, by reason (issue 14): `fix` where the check knows the
 * address meant; `drop` for a second spelling of a mailbox already in the list; `keep` where the
 * address itself is fine and only a person can judge (a group mailbox, a soft bounce, a domain that
 * could not be checked now). A reason not listed here (a newer check's) gets `fix` when its row has
 * a suggestion, else `keep`. Rows in rejected.csv are prefilled `drop` whatever their reason.
 */
export const DEFAULT_ACTIONS: Readonly<ActionTable> = Object.freeze<ActionTable>({
  possible_typo: 'fix',
  wrong_keyboard_layout: 'fix',
  cyrillic_mailbox: 'fix',
  punctuation_slip: 'fix',
  confusable_characters: 'fix',
  multiple_addresses: 'fix',
  duplicate_alias: 'drop',
  role_account: 'keep',
  suppressed_soft_bounce: 'keep',
  dns_error: 'keep',
  mailbox_full: 'keep',
  mailbox_unlikely: 'keep',
});

/**
 * The action prefilled in a review/rejected row. An `actions` entry in the config wins, in either
 * file; otherwise rejected rows are dropped and review rows follow DEFAULT_ACTIONS. `fix` needs an
 * address to fix to: a row without a suggestion falls back to what its file means (review → keep,
 * rejected → drop), so a prefilled `fix` is always one `--apply` can carry out.
 */
export function prefillAction(bucket: Exclude<Bucket, 'clean'>, reason: ReasonCode | undefined, hasSuggestion: boolean, configured: ActionTable = {}): Action {
  const fallback: Action = bucket === 'rejected' ? 'drop' : 'keep';
  const chosen = (reason && configured[reason]) ?? (bucket === 'rejected' ? 'drop' : ((reason && DEFAULT_ACTIONS[reason]) ?? (hasSuggestion ? 'fix' : 'keep')));
  return chosen === 'fix' && !hasSuggestion ? fallback : chosen;
}

/**
 * A cell read back as an action: trimmed and case-insensitive (a spreadsheet may capitalise the
 * first letter of a cell); undefined for anything else, an empty cell included.
 */
export function parseAction(cell: string): Action | undefined {
  const word = cell.trim().toLowerCase();
  return (ACTIONS as readonly string[]).includes(word) ? (word as Action) : undefined;
}
