/**
 * What a bounce or suppression reason means for a re-import: hard, soft, complaint, unsubscribe.
 *
 * Inputs are whatever the sender's export holds in its reason column: a vendor keyword
 * (`HardBounce`, `BOUNCE`, `contactFlaggedAsSpam`), an RFC 3463 enhanced status code (`5.1.1`), an
 * SMTP reply (`550 5.1.1 user unknown`) or free diagnostic text.
 *
 * The verdict answers "will this address bounce again?", not "who was at fault?":
 * - hard: the mailbox or domain is gone or refuses for good (5.1.1 bad mailbox, 5.1.2 bad system,
 *   5.1.3 bad syntax, 5.1.6 moved, 5.1.10 null MX (RFC 7505), 5.2.1 mailbox disabled, 5.4.4 unable
 *   to route, 5.7.13 account disabled, 5.7.17/18 owner changed).
 * - soft: the address may work later or from another sender: every 4.x.x (RFC 3463 §3.1 "persistent
 *   transient"), 5.2.2 mailbox full, 5.2.3/5.3.4 too large, and policy/reputation/authentication blocks
 *   (5.7.x): those judge the sender, not the address.
 * Sisimai (github.com/sisimai/p5-sisimai, lib/Sisimai/SMTP/Status.pm) is the reference; where we differ
 * (5.2.1, 4.1.6, …) docs/bounces.md says why, and test/suppression-bounce.test.ts pins it.
 */

/** The meaning of a reason value. */
export type BounceKind = 'hard' | 'soft' | 'complaint' | 'unsubscribe' | 'unknown';

/**
 * Whole-value vendor keywords, compared after lowercasing and dropping everything but letters and
 * digits (`Hard_Bounce` → `hardbounce`). Sources: Postmark SuppressionReason, Amazon SES suppression
 * reasons and bounce types/subtypes, Brevo blocked-contact reason codes, SendGrid/Mailgun list names.
 */
const TOKENS: ReadonlyMap<string, BounceKind> = new Map<string, BounceKind>([
  ...['hard', 'hardbounce', 'bounce', 'bounced', 'bounces', 'permanent', 'permanentbounce', 'cleaned',
    'invalid', 'invalidemail', 'invalidemails', 'noemail', 'undeliverable', 'userunknown',
    'hostunknown', 'hasmoved', 'doesnotexist', 'nonexistent'].map((t) => [t, 'hard'] as const),
  ...['soft', 'softbounce', 'transient', 'temporary', 'transientbounce', 'mailboxfull',
    'messagetoolarge', 'contentrejected', 'attachmentrejected', 'general', 'blocked', 'block', 'blocks',
    'deferred', 'quota', 'overquota'].map((t) => [t, 'soft'] as const),
  ...['complaint', 'complaints', 'complained', 'spam', 'spamcomplaint', 'spamreport', 'spamreports',
    'abuse', 'contactflaggedasspam', 'fbl', 'feedback', 'markedasspam'].map((t) => [t, 'complaint'] as const),
  ...['unsubscribe', 'unsubscribed', 'unsubscribes', 'unsub', 'optout', 'optedout', 'listunsubscribe',
    'globalunsubscribe'].map((t) => [t, 'unsubscribe'] as const),
  // Put on the list by a person, reason unknown (Brevo adminBlocked, Postmark ManualSuppression).
  ...['adminblocked', 'manualsuppression', 'manual', 'blocklisted', 'blacklisted', 'suppressed']
    .map((t) => [t, 'unknown'] as const),
]);

/** Enhanced codes (class 5) meaning the mailbox or domain is gone: see the module comment. */
const HARD_STATUS = new Set([
  '5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10', '5.2.1', '5.4.4', '5.7.13', '5.7.17', '5.7.18', '5.7.27',
]);

/**
 * Class-5 codes that judge the sender, the message or a relay, never the address: sender address
 * (5.1.7, 5.1.8), non-compliant relay (5.1.9), full mailbox (5.2.2), list expansion (5.2.4), size
 * (5.2.3, 5.3.4) and every security/policy code 5.7.x except those in HARD_STATUS. Soft whatever the text says ("Domain of sender address … does not exist").
 */
function isSenderSideStatus(status: string): boolean {
  return status === '5.1.7' || status === '5.1.8' || status === '5.2.2' || status === '5.2.3' ||
    status === '5.3.4' || status === '5.1.9' || status === '5.2.4' || status.startsWith('5.7.');
}

/** Phrases of "this mailbox/domain does not exist or is closed" seen in real diagnostics (Sisimai samples). */
const HARD_PHRASES = [
  'user unknown', 'unknown user', 'no such user', 'no such mailbox', 'no such recipient',
  'no such address', 'does not exist', "doesn't exist", 'does not have an account', 'unknown recipient',
  'recipient unknown', 'invalid recipient', 'recipient not found', 'user not found', 'address not found',
  'mailbox not found', 'mailbox unavailable', 'mailbox is unavailable', 'not a valid mailbox',
  'invalid mailbox', 'unknown mailbox', 'mailbox does not', 'account disabled', 'account is disabled',
  'account has been disabled', 'mailbox disabled', 'is disabled', 'account is inactive', 'inactive account',
  'no longer', 'host unknown', 'unknown host', 'host not found', 'domain not found', 'unrouteable address',
  'unroutable address', 'no mx', 'null mx', 'bad destination', 'not our customer', 'unknown or illegal',
  'invalid address', 'address rejected: user', 'no mailbox', 'mailbox has been', 'not exist',
  'illegal alias', 'user invalid', 'invalid user', 'domain does not', "doesn't have a",
  'recipient address rejected: access denied', "doesn't receive email", 'does not receive email',
];

/** Gmail's 5.2.1 rate-limit wording; with these the 5.2.1 is not "mailbox disabled". */
const RATE_PHRASES = ['at a rate', 'rate limit', 'too many', 'try again'];

/** Phrases of a temporary or sender-side refusal: the address itself may be fine. */
const SOFT_PHRASES = [
  'mailbox full', 'mailbox is full', 'over quota', 'overquota', 'quota exceeded', 'exceeded storage',
  'exceeds storage', 'insufficient storage', 'out of storage', 'too large', 'too big', 'size limit',
  'message size', 'try again', 'try later', 'temporar', 'rate limit', 'rate-limit', 'too many',
  'spam', 'blocked', 'blacklist', 'blocklist', 'denylist', 'listed', 'policy', 'reputation', 'spf',
  'dkim', 'dmarc', 'authenticat', 'not authorized', 'unauthorized', 'relay', 'timed out', 'timeout',
  'connection', 'expired', 'greylist', 'graylist', 'virus', 'content', 'ptr', 'reverse dns',
  'rfc 5322', 'rfc5322', 'refused', 'throttl', 'suspend', 'insufficient system', 'loop', 'hop count',
  'mismatch', 'protocol violation', 'filtered', 'system full', 'disk full', 'sender', 'at a rate', 'frozen',
];

/**
 * Basic replies naming the mailbox or domain (RFC 5321 §4.2.3: 550 unavailable, 551 not local,
 * 553 name not allowed; RFC 7504: 521/556 domain does not accept mail). Others are soft: 552 is
 * "exceeded storage", 554 is mostly content/policy, 50x are protocol errors of the sending side.
 */
const HARD_REPLIES = new Set([550, 551, 553, 521, 556]);

/** Decimal digit? (char code). */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The first RFC 3463 enhanced status code (`class.subject.detail`, class 2/4/5, up to 3 digits
 * each) in `text`, not part of a longer dotted number such as an IP address. Hand-written scan: no
 * regex backtracking on long diagnostics.
 */
export function findEnhancedStatus(text: string): string | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 50 && c !== 52 && c !== 53) continue; // '2' '4' '5'
    if (i > 0 && (isDigit(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46)) continue;
    let j = i + 1;
    if (text.charCodeAt(j) !== 46) continue;
    let k = ++j;
    while (k < n && k - j < 4 && isDigit(text.charCodeAt(k))) k++;
    if (k === j || k - j > 3 || text.charCodeAt(k) !== 46) continue;
    let m = k + 1;
    while (m < n && m - k - 1 < 4 && isDigit(text.charCodeAt(m))) m++;
    if (m === k + 1 || m - k - 1 > 3) continue;
    if (m < n && (isDigit(text.charCodeAt(m)) || (text.charCodeAt(m) === 46 && isDigit(text.charCodeAt(m + 1))))) continue;
    return text.slice(i, m);
  }
  return undefined;
}

/** The first three-digit SMTP reply code (RFC 5321 §4.2) starting with 4 or 5, at a word start. */
export function findReplyCode(text: string): number | undefined {
  const n = text.length;
  for (let i = 0; i + 2 < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 52 && c !== 53) continue;
    if (i > 0 && (isDigit(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46)) continue;
    if (!isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) continue;
    const after = i + 3 < n ? text.charCodeAt(i + 3) : 32;
    if (isDigit(after) || after === 46) continue;
    return (c - 48) * 100 + (text.charCodeAt(i + 1) - 48) * 10 + (text.charCodeAt(i + 2) - 48);
  }
  return undefined;
}

/** Letters and digits of `s`, lowercased: the form vendor keywords are compared in. */
function compact(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Does `lower` contain any of the phrases? */
function hasAny(lower: string, phrases: readonly string[]): boolean {
  for (const p of phrases) if (lower.includes(p)) return true;
  return false;
}

/**
 * Classify a reason value or bounce diagnostic. `unknown` when nothing in it tells (the caller then
 * uses the list's own meaning, e.g. "this is a bounce list").
 */
export function classifyBounce(text: string): BounceKind {
  const trimmed = text.trim();
  if (trimmed === '') return 'unknown';
  if (trimmed.length <= 40) {
    const token = compact(trimmed);
    const kind = TOKENS.get(token);
    if (kind !== undefined) return kind;
    if (token.startsWith('unsubscribedvia')) return 'unsubscribe'; // Brevo unsubscribedViaEmail/Api/MA
  }
  const status = findEnhancedStatus(trimmed);
  const lower = trimmed.toLowerCase();
  if (status !== undefined) {
    if (status.startsWith('4.')) return 'soft'; // RFC 3463 §3.1: class 4 is persistent transient
    if (status.startsWith('2.')) return 'unknown';
    // Gmail also sends 5.2.1 for "receiving mail at a rate that prevents additional messages".
    if (HARD_STATUS.has(status)) return status === '5.2.1' && hasAny(lower, RATE_PHRASES) ? 'soft' : 'hard';
    if (isSenderSideStatus(status)) return 'soft';
  }
  if (hasAny(lower, HARD_PHRASES)) return 'hard';
  if (hasAny(lower, SOFT_PHRASES)) return 'soft';
  if (status !== undefined) {
    // No telling text: address (x.1.x) and mailbox (x.2.x) subjects and the generic 5.0.x stay
    // hard (SPEC: "5.x.x → hard"); system, network, protocol and media subjects are soft.
    const subject = status.charCodeAt(2);
    return subject <= 50 ? 'hard' : 'soft';
  }
  const reply = findReplyCode(trimmed);
  if (reply !== undefined) return HARD_REPLIES.has(reply) ? 'hard' : 'soft';
  return 'unknown';
}
