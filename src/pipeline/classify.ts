import { severityOf, type Bucket, type Finding, type ReasonCode } from '../model/findings.js';
import type { Policy } from '../model/policy.js';

/** Where one row goes and why: data only (the words are added at the output edge). */
export interface Classification {
  /** Output file the row goes to. */
  bucket: Bucket;
  /** The finding behind the primary (most severe) reason; absent when nothing was found. */
  primary?: Finding;
  /** The corrected address, where one is known. */
  suggestion?: string;
}

const BUCKET_RANK: Record<Bucket, number> = { clean: 0, review: 1, rejected: 2 };

/** Findings that carry a fix of the address (the smtp stage does not probe a row with one). */
export const FIXES: ReadonlySet<ReasonCode> = new Set([
  'possible_typo', 'wrong_keyboard_layout', 'cyrillic_mailbox', 'punctuation_slip', 'confusable_characters',
]);
/**
 * Facts about the address as written, which a known fix explains: a typo domain does not exist,
 * `тарас@gmail.com` cannot be a Gmail mailbox, but `taras@gmail.com` can.
 */
const EXPLAINED_BY_FIX: ReadonlySet<ReasonCode> = new Set(['domain_not_found', 'no_mail_server', 'dns_error', 'mailbox_not_allowed']);
/**
 * Disposable lists also carry typo-squatting domains (`gmai.com`, `hotmil.com`) and `com.com`: a
 * typo or a repeated ending whose fix is a popular provider is a misspelt student, not a throwaway
 * mailbox. Only these two explain it: their suggestion is a popular domain, while a look-alike's
 * plain form may be disposable (and every suggestion is checked again: stages `fixes`).
 */
const DOMAIN_FIXES: ReadonlySet<ReasonCode> = new Set(['possible_typo', 'punctuation_slip']);
const EXPLAINED_BY_TYPO: ReadonlySet<ReasonCode> = new Set(['disposable']);

/**
 * The bucket of one finding. A cell that is empty or no address, whose fix comes from another
 * address column of the row and passed the offline checks there (stages `other_column`), goes to
 * review at worst: the contact is not lost, a person confirms the other address. The reason stays
 * what it is (`missing_email`, `invalid_syntax`), so the policy still decides when it is milder.
 */
function bucketOf(finding: Finding, policy: Policy): Bucket {
  const bucket = policy[finding.code];
  return bucket === 'rejected' && finding.otherColumn !== undefined && finding.suggestion !== undefined ? 'review' : bucket;
}

/**
 * Picks the bucket and primary reason from a row's findings using the policy: the finding whose
 * bucket is worst wins, ties go to the more severe code. One exception: when a finding knows the
 * fix (`gmial.com` → `gmail.com`, `тарас@gmail.com` → `taras@gmail.com`), the facts about the
 * address as written only support it, so the creator sees the fix in review instead of losing the
 * contact in rejected.
 */
export function classify(findings: readonly Finding[], policy: Policy): Classification {
  if (findings.length === 0) return { bucket: 'clean' };
  const hasFix = findings.some((f) => FIXES.has(f.code) && f.suggestion !== undefined);
  const hasTypoFix = findings.some((f) => DOMAIN_FIXES.has(f.code) && f.suggestion !== undefined);
  let primary: Finding | undefined;
  let primaryRank = -1;
  for (const finding of findings) {
    if (hasFix && EXPLAINED_BY_FIX.has(finding.code)) continue;
    if (hasTypoFix && EXPLAINED_BY_TYPO.has(finding.code)) continue;
    const rank = BUCKET_RANK[bucketOf(finding, policy)] * 100 + (99 - severityOf(finding.code));
    if (rank > primaryRank) [primary, primaryRank] = [finding, rank];
  }
  primary ??= findings[0]!;
  const suggestion = primary.suggestion ?? findings.find((f) => f.suggestion !== undefined)?.suggestion;
  const verdict: Classification = { bucket: bucketOf(primary, policy), primary };
  if (suggestion !== undefined) verdict.suggestion = suggestion;
  return verdict;
}
