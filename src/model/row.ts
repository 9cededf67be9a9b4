import type { Bucket, Finding, ReasonCode } from './findings.js';
import type { MessageOf } from './messages.js';

/**
 * What the offline checks know about one domain. A list of a million rows has a few thousand
 * domains, so these are decided once per domain and shared by its rows; only the parts that name
 * the row's own mailbox (the suggested address) are built per row.
 */
export interface DomainFacts {
  /** `config.deny_domain` suppression, when listed. */
  denied?: Finding;
  /** `possible_typo` (suggestion to be completed with the local part) or `domain_not_found` (unknown TLD). */
  typo?: Finding;
  /** A domain-level look-alike (suggestion to be completed with the local part). */
  confusable?: Finding;
  /** `disposable`, when listed. */
  disposable?: Finding;
  /** `reserved_domain`: a name reserved by RFC 2606 / RFC 6761 (`example.com`), never a mailbox. */
  reserved?: Finding;
  /** `punctuation_slip` for a repeated ending (`gmail.com.com`; suggestion to be completed with the local part). */
  slip?: Finding;
  /**
   * The domain is a big provider with local-part rules (checks/data/mailbox-rules.ts): `documented`
   * when its character set is documented (an ASCII name can break it), `latin_only` when only the
   * rule that no name is non-ASCII is certain. Absent for every other domain.
   */
  mailboxRules?: 'documented' | 'latin_only';
  /** Whether the domain is a free-mail provider (report information). */
  free: boolean;
}

/** One data row of the input as the reader hands it over. */
export interface InputRow {
  /** 1-based line number in the input where the row starts. */
  line: number;
  /** The row's fields, as read (empty for a malformed row). */
  fields: string[];
  /** The row's original text, kept when the row could not be read. */
  raw?: string;
  /** Why the reader could not read the row (a `csv.*` message, the original text in `raw`); absent for a good row. */
  malformed?: MessageOf<'csv'>;
}

/** What the address stages learned about a row's email cell. */
export interface AddressFacts {
  /** The email cell as read. */
  original: string;
  /** The normalized address (SPEC: trimmed, unwrapped, NFC, domain lowercased), if one was found. */
  normalized?: string;
  /** Local part of the normalized address. */
  local?: string;
  /** Domain of the normalized address in Unicode form, lowercased. */
  domain?: string;
  /** Domain in ASCII (punycode) form, used for DNS and lists. */
  asciiDomain?: string;
  /** Whether the domain is a free-mail provider (gmail.com, ukr.net, …): information, not a verdict. */
  freeProvider?: boolean;
  /** The run's facts about the domain: one object shared by every row of the domain. */
  domainFacts?: DomainFacts;
}

/** The one result type every stage fills its own part of. */
export interface RowResult {
  /** The row as read. */
  row: InputRow;
  /** Address facts (absent for malformed rows). */
  address?: AddressFacts;
  /** Everything the stages noticed, in stage order. */
  findings: Finding[];
  /** The bucket decided by `classify`. */
  bucket: Bucket;
  /** The primary reason (absent for a clean row with no findings). */
  reason?: ReasonCode;
  /** The finding behind the primary reason; the detail names it first, then the others. */
  primary?: Finding;
  /** The corrected address, where one is known. */
  suggestion?: string;
}
