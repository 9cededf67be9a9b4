import type { Finding, FindingArgs, ReasonCode } from './findings.js';

/**
 * The one table of human sentences. Every output (CSV detail column, terminal summary, reports)
 * takes its words from here; stages only emit codes and `why` keys.
 * Templates interpolate `{name}` from the finding's args.
 */

/** Title and default sentence for each reason code, plus what the user should do about it. */
export const REASONS: Record<ReasonCode, { title: string; sentence: string; advice: string }> = {
  malformed_row: {
    title: 'Unreadable CSV row',
    sentence: 'The CSV row could not be read.',
    advice: 'open rejected.csv; validation_detail holds the original text of the line',
  },
  missing_email: {
    title: 'No address',
    sentence: 'The email cell is empty.',
    advice: 'fill in the address or drop the row',
  },
  invalid_syntax: {
    title: 'Not an email address',
    sentence: 'This is not a valid email address.',
    advice: 'fix the address by hand; as written it cannot receive mail',
  },
  domain_not_found: {
    title: 'Domain does not exist',
    sentence: 'The domain {domain} does not exist.',
    advice: 'these would hard-bounce; ask the contact for a working address',
  },
  no_mail_server: {
    title: 'Domain takes no mail',
    sentence: 'The domain {domain} does not accept email.',
    advice: 'these would hard-bounce; ask the contact for a working address',
  },
  disposable: {
    title: 'Throwaway mailbox',
    sentence: '{domain} is a disposable (throwaway) mailbox service.',
    advice: 'such mailboxes expire; do not import them',
  },
  duplicate: {
    title: 'Duplicate',
    sentence: 'The same address already appeared on line {line}.',
    advice: 'nothing to do; the first occurrence is kept',
  },
  suppressed_hard_bounce: {
    title: 'Bounced before (hard)',
    sentence: 'The address is on the suppression list {list} after a hard bounce.',
    advice: 'never import these again; the mailbox does not exist or refuses mail',
  },
  suppressed_complaint: {
    title: 'Marked mail as spam',
    sentence: 'The address is on the suppression list {list} after a spam complaint.',
    advice: 'never import these again; mailing them hurts your sender reputation',
  },
  suppressed_unsubscribe: {
    title: 'Unsubscribed',
    sentence: 'The address is on the suppression list {list} after unsubscribing.',
    advice: 'do not import these; they asked not to be mailed',
  },
  suppressed: {
    title: 'Suppressed',
    sentence: 'The address is on the suppression list {list}.',
    advice: 'do not import these',
  },
  possible_typo: {
    title: 'Possible typo',
    sentence: 'The domain {domain} looks like a misspelling of {suggestedDomain}.',
    advice: 'open review.csv; the validation_suggestion column has the fix',
  },
  wrong_keyboard_layout: {
    title: 'Typed in the wrong keyboard layout',
    sentence: 'The address looks typed with a Cyrillic keyboard layout; it probably means {suggestion}.',
    advice: 'open review.csv; the validation_suggestion column has the Latin address',
  },
  confusable_characters: {
    title: 'Look-alike characters',
    sentence: 'The domain {domain} mixes look-alike characters from different alphabets; it probably means {suggestedDomain}.',
    advice: 'open review.csv; the validation_suggestion column has the plain-Latin address',
  },
  role_account: {
    title: 'Role address',
    sentence: '{local}@ is a role address (a group or function, not a person).',
    advice: 'keep only if a person reads this mailbox and asked for your mail',
  },
  multiple_addresses: {
    title: 'Several addresses in one cell',
    sentence: 'The cell holds {count} addresses.',
    advice: 'open review.csv; the validation_suggestion column has the first good one',
  },
  duplicate_alias: {
    title: 'Same mailbox, other spelling',
    sentence: 'The same mailbox as line {line}, written differently.',
    advice: 'usually safe to drop; the person would get every letter twice',
  },
  suppressed_soft_bounce: {
    title: 'Bounced before (soft)',
    sentence: 'The address is on the suppression list {list} after a soft bounce.',
    advice: 'a full mailbox may be fine now; import only if the contact is active',
  },
  dns_error: {
    title: 'Domain could not be checked',
    sentence: 'The domain {domain} could not be checked now.',
    advice: 'run again later (use --dns-cache to keep the answers you already have)',
  },
};

/**
 * Specific sentences keyed by `why` (`<stage>.<problem>`). Each stage owns the keys with its prefix.
 */
export const DETAILS: Record<string, string> = {
  // --- csv (reader) ---
  'csv.unclosed_quote': 'A quoted field was never closed; the row could not be read.',
  'csv.field_count': 'The row has a different number of fields than the header ({got} instead of {expected}).',
  'csv.bad_quote': 'A quote appears where it cannot be read unambiguously.',
  'csv.field_too_long': 'A field is longer than {limit} characters.',
  // --- syntax (src/syntax.ts; wording after python-email-validator's messages) ---
  'syntax.no_at': 'The address has no @ sign.',
  'syntax.exchange_x500': 'This is an internal Microsoft Exchange name (X.500), not an email address; ask for the person\'s real address.',
  'syntax.lookalike_at': 'The address has a look-alike character ({char}) instead of a regular @ sign.',
  'syntax.multiple_at': 'The address has more than one @ sign.',
  'syntax.empty_local': 'There is nothing before the @ sign.',
  'syntax.empty_domain': 'There is nothing after the @ sign.',
  'syntax.quoted_local': 'The part before the @ sign is in quotes; quoted addresses are not accepted.',
  'syntax.comment': 'The address contains a comment in parentheses.',
  'syntax.domain_literal': 'The part after the @ sign is an IP address in brackets, not a domain name.',
  'syntax.whitespace': 'The address contains a space or line break ({char}).',
  'syntax.unsafe_character': 'The address contains an invisible or unsafe character ({char}).',
  'syntax.bad_character': 'The address contains a character that is not allowed: {char}',
  'syntax.leading_dot': 'An email address cannot start with a period.',
  'syntax.dot_before_at': 'An email address cannot have a period immediately before the @ sign.',
  'syntax.double_dot': 'An email address cannot have two periods in a row.',
  'syntax.dot_after_at': 'An email address cannot have a period immediately after the @ sign.',
  'syntax.trailing_dot': 'An email address cannot end with a period.',
  'syntax.hyphen_edge': 'A part of the domain cannot start or end with a hyphen ({label}).',
  'syntax.reserved_hyphens':
    'A part of the domain cannot have two hyphens in third and fourth place unless it is Punycode (xn--): {label}.',
  'syntax.bad_idn': 'The international domain name {domain} is not valid.',
  'syntax.local_too_long': 'The part before the @ sign is {length} bytes long; the limit is 64.',
  'syntax.domain_too_long': 'The part after the @ sign is {length} characters long; the limit is 253.',
  'syntax.label_too_long': 'A part of the domain between periods is {length} characters long; the limit is 63.',
  'syntax.too_long': 'The address is {length} bytes long; the limit is 254.',
  'syntax.no_dot_in_domain': 'The part after the @ sign has no period, so it is not a domain that can receive mail.',
  'syntax.bad_tld': 'The domain ends in .{tld}, which is not a top-level domain (those end with a letter).',
  'syntax.reserved_domain': 'Domains ending in .{tld} are special-use names that cannot receive email.',
  // --- typo / layout / confusable / disposable / role (src/checks/) ---
  'typo.domain': 'The domain {domain} looks like a misspelling of {suggestedDomain}.',
  'domain.unknown_tld': 'The domain {domain} ends in .{tld}, which is not a top-level domain, and no likely fix was found.',
  'layout.cyrillic': 'The address looks typed with a Ukrainian or Russian keyboard layout switched on; it probably means {suggestion}.',
  'confusable.mixed_script': 'The domain {domain} mixes Latin letters with look-alike {script} letters; it probably means {suggestedDomain}.',
  'confusable.lookalike': 'The domain {domain} is written in {script} letters that look like {suggestedDomain}.',
  'confusable.local_mixed_script': 'The name before @ ({local}) mixes Latin letters with look-alike {script} letters; it probably means {suggestedLocal}.',
  'disposable.listed': '{domain} is a disposable (throwaway) mailbox service.',
  'disposable.subdomain': '{domain} belongs to {listed}, a disposable (throwaway) mailbox service.',
  'role.local': '{local}@ is a role address (a group or function, not a person).',
  // --- normalize / multiple ---
  'multiple.found': 'The cell holds {count} addresses: {list}.',
  'multiple.none_valid': 'The cell holds {count} values and none is a valid address.',
  // --- another address column of the same row ---
  'other_column.has_address': 'The {column} column has {suggestion}.',
  // --- duplicates ---
  'duplicate.same': 'The same address already appeared on line {line}.',
  'duplicate.alias': 'The same mailbox as line {line}, written differently (the provider ignores dots or +tags).',
  // --- suppress (src/suppression/): {list} = file name, {when} = YYYY-MM-DD, {why} = the list's own reason ---
  'suppress.hard_bounce': 'The address is on the suppression list {list} after a hard bounce on {when} ({why}).',
  'suppress.hard_bounce_dated': 'The address is on the suppression list {list} after a hard bounce on {when}.',
  'suppress.hard_bounce_reason': 'The address is on the suppression list {list} after a hard bounce ({why}).',
  'suppress.complaint': 'The address is on the suppression list {list} after a spam complaint on {when} ({why}).',
  'suppress.complaint_dated': 'The address is on the suppression list {list} after a spam complaint on {when}.',
  'suppress.complaint_reason': 'The address is on the suppression list {list} after a spam complaint ({why}).',
  'suppress.unsubscribe': 'The address is on the suppression list {list}: unsubscribed on {when} ({why}).',
  'suppress.unsubscribe_dated': 'The address is on the suppression list {list}: unsubscribed on {when}.',
  'suppress.unsubscribe_reason': 'The address is on the suppression list {list}: unsubscribed ({why}).',
  'suppress.listed': 'The address is on the suppression list {list} since {when} ({why}).',
  'suppress.listed_dated': 'The address is on the suppression list {list} since {when}.',
  'suppress.listed_reason': 'The address is on the suppression list {list} ({why}).',
  'suppress.soft_bounce':
    'The address is on the suppression list {list} after a soft bounce on {when} ({why}); a mailbox that was full may be fine now.',
  'suppress.soft_bounce_dated':
    'The address is on the suppression list {list} after a soft bounce on {when}; a mailbox that was full may be fine now.',
  'suppress.soft_bounce_reason':
    'The address is on the suppression list {list} after a soft bounce ({why}); a mailbox that was full may be fine now.',
  'suppress.soft_bounce_plain':
    'The address is on the suppression list {list} after a soft bounce; a mailbox that was full may be fine now.',
  'suppress.soft_escalated':
    'The address soft-bounced {count} times between {first} and {when} (list {list}); repeated soft bounces count as a hard bounce.',
  'suppress.alias': 'The same mailbox as {listed} (the provider ignores dots or +tags), which is on the suppression list {list}.',
  'suppress.domain': 'The whole domain {domain} is on the suppression list {list}.',
  'config.deny_domain': 'The domain {domain} is on the denyDomains list of the config.',
  'suppress.hashed': 'The address matches a hashed ({algorithm}) entry on the suppression list {list}.',
  // --- dns (src/dns/) ---
  'dns.nxdomain': 'The domain {domain} does not exist (DNS answered NXDOMAIN).',
  'dns.null_mx': 'The domain {domain} says it accepts no email (null MX record, RFC 7505).',
  'dns.no_mail_records': 'The domain {domain} exists but has no mail server (no MX, A or AAAA record).',
  'dns.no_public_address':
    'The domain {domain} has no MX record and its own address is private or local, so mail cannot reach it.',
  'dns.timeout': 'The DNS server did not answer in time about {domain}.',
  'dns.unreachable': 'The DNS server could not be reached while checking {domain}.',
  'dns.servfail': 'The DNS server failed to look up {domain} (SERVFAIL).',
  'dns.refused': 'The DNS server refused to look up {domain} (REFUSED).',
  'dns.bad_rcode': 'The DNS server gave an unexpected error for {domain}.',
  'dns.bad_response': 'The DNS server sent an unreadable answer about {domain}.',
  'dns.cname_loop': 'The domain {domain} is an alias (CNAME) chain that does not end.',
  'dns.unavailable_timeout':
    'DNS server {servers} did not answer, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
  'dns.unavailable_unreachable':
    'DNS server {servers} could not be reached, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
};

/** Fills `{name}` placeholders from args; unknown names stay as they are. */
export function fill(template: string, args: FindingArgs | undefined): string {
  if (!args) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(args, name) ? String(args[name]) : whole,
  );
}

/** The plain sentence for one finding. */
export function sentenceFor(finding: Finding): string {
  const template =
    (finding.why !== undefined ? DETAILS[finding.why] : undefined) ?? REASONS[finding.code].sentence;
  const sentence = fill(template, { suggestion: finding.suggestion ?? '', ...finding.args });
  // A fix found in another address column of the same row (Outlook's "E-mail 2 Address").
  if (finding.args?.otherColumn !== undefined && finding.suggestion !== undefined) {
    return `${sentence} ${fill(DETAILS['other_column.has_address']!, { column: finding.args.otherColumn, suggestion: finding.suggestion })}`;
  }
  return sentence;
}
