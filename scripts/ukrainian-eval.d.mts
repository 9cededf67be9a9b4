/** A verdict of the engine on one corpus address. */
export interface Verdict {
  /** Output file. */
  bucket: 'clean' | 'review' | 'rejected';
  /** Primary reason code, or null for a clean row without findings. */
  reason: string | null;
  /** Suggested address, or null. */
  suggestion: string | null;
  /** The normalized address (what clean.csv holds), or null. */
  address: string | null;
}
/** One corpus entry. */
export interface Entry {
  address: string;
  cls: string;
  bucket: 'clean' | 'review' | 'rejected';
  reason: string | null;
  suggestion: string | null;
  module: { rule?: string; reading?: string | null; slip?: string; silent?: boolean; reserved?: string; lookalike?: string; fold?: string };
  note: string;
  source: string;
}
/** Per class: rows, right before, right now. */
export interface ClassScore {
  rows: number;
  before: number;
  now: number;
}
/** The corpus file. */
export function loadCorpus(): { entries: Entry[]; reasons: Record<string, string> };
/** The recorded verdicts before the wiring, by address. */
export function loadBefore(): Record<string, Verdict>;
/** One address through `validateRows` (offline). */
export function verdict(validateRows: (source: Iterable<string>, options: { offline: boolean }) => AsyncIterable<unknown>, address: string): Promise<Verdict>;
/** Whether a verdict is right for an entry. */
export function isRight(entry: Entry, got: Verdict): boolean;
/** Right/wrong per class, before and now. */
export function score(
  entries: readonly Entry[],
  before: Record<string, Verdict>,
  now: Record<string, Verdict>,
): { table: string; totals: { rows: number; before: number; now: number; reasonBefore: number; reasonNow: number }; classes: Record<string, ClassScore> };
