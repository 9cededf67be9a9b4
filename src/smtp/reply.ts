/**
 * SMTP replies: reading them off the wire (RFC 5321 §4.2) and reading a RCPT reply as a fact
 * about the mailbox. The patterns behind `classifyRcptReply` are data in reply-tables.ts.
 */
import {
  FULL_CODES,
  FULL_TEXTS,
  GREYLIST_TEXTS,
  NOT_FOUND_CODES,
  NOT_FOUND_TEXTS,
  POLICY_TEXTS,
  RATE_TEXTS,
  RECIPIENT_RATE_TEXTS,
  TOO_MANY_TEXTS,
} from './reply-tables.js';
import type { ReplyData } from './types.js';

/** A whole reply as read: `ReplyData` plus the raw lines. */
export interface SmtpReply extends ReplyData {
  /** The reply's lines as received, without CRLF. */
  lines: string[];
}

/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; we accept more but not without end. */
const MAX_LINE = 4096;
/** Bounds a multi-line reply, so a server cannot make us buffer without end. */
const MAX_LINES = 200;

/**
 * RFC 3463 §2: class "." subject "." detail, class 2, 4 or 5, subject and detail 1 to 3 digits.
 * Servers put it right after the basic code on every line (RFC 2034 §4).
 */
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;
/** RFC 5321 §4.2: three digits, then a space (last line), a hyphen (more lines follow) or nothing. */
const REPLY_LINE = /^(\d{3})([ -]|$)(.*)$/;

/** The enhanced code at the start of a reply line's text, if any. */
export function parseEnhanced(text: string): string | undefined {
  const m = ENHANCED.exec(text.trimStart());
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

/** Builds a reply from its lines (all with the same code; the last one ends with a space or nothing). */
export function replyFromLines(lines: string[]): SmtpReply {
  const code = Number(lines[0]!.slice(0, 3));
  let enhanced: string | undefined;
  const texts = lines.map((line) => {
    const rest = line.slice(4).trim();
    const e = parseEnhanced(rest);
    if (e) enhanced ??= e;
    return e ? rest.slice(rest.indexOf(e) + e.length).trim() : rest;
  });
  const text = texts.filter((t) => t.length > 0).join(' ');
  return enhanced ? { code, enhanced, text, lines } : { code, text, lines };
}

/**
 * Turns a byte stream (decoded as UTF-8) into whole replies. Tolerates bare LF line ends, as many
 * servers' clients do; anything that is not a reply line is a protocol error.
 */
export class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  /** Set once the stream broke the protocol; no reply is produced after it. */
  broken = false;

  /** Feeds received text; returns the replies completed by it. */
  push(chunk: string): SmtpReply[] {
    if (this.broken) return [];
    this.buffer += chunk;
    const done: SmtpReply[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      const reply = this.line(line);
      if (this.broken) return done;
      if (reply) done.push(reply);
    }
    if (this.buffer.length > MAX_LINE) this.broken = true;
    return done;
  }

  private line(line: string): SmtpReply | undefined {
    const m = REPLY_LINE.exec(line);
    const first = this.lines[0];
    if (!m || line.length > MAX_LINE || (first && first.slice(0, 3) !== m[1]) || this.lines.length >= MAX_LINES) {
      this.broken = true;
      return undefined;
    }
    this.lines.push(line);
    if (m[2] === '-') return undefined;
    const reply = replyFromLines(this.lines);
    this.lines = [];
    return reply;
  }
}

/**
 * What a RCPT reply says:
 * - `accepted`: 2xx (RFC 5321 §4.2.2: 250, 251);
 * - `not_found`: the mailbox does not exist or is disabled (5xx);
 * - `full`: the mailbox is over quota (4xx or 5xx);
 * - `policy`: the server refuses *us* (blocklist, reputation, PTR, SPF, rate): not a mailbox fact;
 * - `too_many`: too many recipients in this envelope (RFC 5321 §4.5.3.1.10): not a mailbox fact,
 *   the rest go into a new envelope;
 * - `temporary`: any other 4xx (greylisting, busy): retry later;
 * - `other`: a 5xx (or a reply outside the protocol) we cannot read as a mailbox fact.
 */
export type RcptVerdict = 'accepted' | 'not_found' | 'full' | 'policy' | 'too_many' | 'temporary' | 'other';

function matches(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((p) => p.test(text));
}

/** Reads one RCPT reply. The order matters: see each step's comment. */
export function classifyRcptReply(reply: ReplyData): RcptVerdict {
  const { code, enhanced = '' } = reply;
  const text = reply.text.toLowerCase();
  if (code >= 200 && code < 300) return 'accepted';
  if (code < 400 || code >= 600) return 'other';
  // A recipient receiving too fast (Gmail's 4.2.1/5.2.1 "receiving mail at a rate") exists: never
  // read its 5.2.1 as "disabled".
  if (matches(RECIPIENT_RATE_TEXTS, text)) return code < 500 ? 'temporary' : 'other';
  // Rate limits on us ("has sent to too many recipients this hour") come before "too many recipients".
  if (matches(RATE_TEXTS, text)) return 'policy';
  if (/^[45]\.5\.3$/.test(enhanced) || matches(TOO_MANY_TEXTS, text)) return 'too_many';
  // RFC 3463 X.2.2 names the mailbox full, whatever the text adds ("… try again later").
  if (FULL_CODES.has(enhanced)) return 'full';
  if (code < 500 && matches(GREYLIST_TEXTS, text)) return 'temporary';
  // RFC 3463 X.7.x is security or policy status. A 5.7.x that names an unknown user is not about
  // us, but we still never reject on it (issue 13): `other`.
  if (/^[45]\.7\./.test(enhanced)) return matches(NOT_FOUND_TEXTS, text) ? 'other' : 'policy';
  // RFC 3463 X.1.7/X.1.8: bad sender mailbox or domain: about our MAIL FROM, not the recipient.
  if (/^[45]\.1\.[78]$/.test(enhanced) || matches(POLICY_TEXTS, text)) return 'policy';
  if (FULL_CODES.has(enhanced) || matches(FULL_TEXTS, text)) return 'full';
  if (code < 500) return 'temporary';
  if (NOT_FOUND_CODES.has(enhanced) || matches(NOT_FOUND_TEXTS, text)) return 'not_found';
  return 'other';
}
