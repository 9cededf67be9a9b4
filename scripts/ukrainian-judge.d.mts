/** A verdict of the Ukrainian-corpus judge. */
export interface JudgeVerdict {
  /** Output file. */
  bucket: 'clean' | 'review' | 'rejected';
  /** Primary reason code (today's codes or the proposed new ones). */
  reason?: string;
  /** Suggested address. */
  suggestion?: string;
  /** The address clean.csv would hold. */
  address?: string;
}
/** Today's pipeline. */
export function before(cell: string): JudgeVerdict;
/** Issue 17's modules in front of today's pipeline. */
export function modules(cell: string): JudgeVerdict;
