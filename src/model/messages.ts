/**
 * Every message a stage can attach to a finding: a closed set of keys, each with the names of the
 * arguments it carries. Stages emit `{ why, args }` data only; the sentences are written in
 * report/i18n (one catalogue per language) and rendered at the output edge, so `--lang` decides
 * the language of validation_detail, the summary and report.html alike.
 *
 * Keys are `<stage>.<problem>`: each stage owns the keys with its prefix.
 */

/** Message key → the names of its arguments. */
export const MESSAGE_ARGS = {
  // --- csv (the reader): the row's original text is kept whole in `raw` ---
  'csv.unclosed_quote': ['raw'],
  'csv.field_count': ['got', 'expected', 'raw'],
  'csv.bad_quote': ['raw'],
  'csv.field_too_long': ['limit', 'raw'],
  // --- the email cell ---
  'email.missing': [],
  // --- syntax (wording after python-email-validator's messages) ---
  'syntax.no_at': [],
  'syntax.exchange_x500': [],
  'syntax.lookalike_at': ['char'],
  'syntax.multiple_at': [],
  'syntax.empty_local': [],
  'syntax.empty_domain': [],
  'syntax.quoted_local': [],
  'syntax.comment': [],
  'syntax.domain_literal': [],
  'syntax.whitespace': ['char'],
  'syntax.unsafe_character': ['char'],
  'syntax.bad_character': ['char'],
  'syntax.leading_dot': [],
  'syntax.dot_before_at': [],
  'syntax.double_dot': [],
  'syntax.dot_after_at': [],
  'syntax.trailing_dot': [],
  'syntax.hyphen_edge': ['label'],
  'syntax.reserved_hyphens': ['label'],
  'syntax.bad_idn': ['domain'],
  'syntax.domain_too_long': ['length'],
  'syntax.label_too_long': ['length'],
  'syntax.too_long': ['length'],
  'syntax.no_dot_in_domain': [],
  'syntax.bad_tld': ['tld'],
  'syntax.reserved_domain': ['tld'],
  // --- punctuation slips with one obvious fix (checks/slips.ts; silent ones are never reported) ---
  'slip.double_tld': ['domain', 'suggestedDomain'],
  'slip.comma_for_dot': ['suggestion'],
  'slip.missing_dot': ['suggestion'],
  'slip.missing_tld': ['suggestion'],
  'slip.edge_quote': ['suggestion'],
  // --- reserved names (RFC 2606, RFC 6761): {rfc} names the RFC and section ---
  'reserved.domain': ['domain', 'rfc'],
  // --- checks: typo, layout, look-alikes, disposable, role ---
  'typo.domain': ['domain', 'suggestedDomain'],
  'domain.unknown_tld': ['domain', 'tld'],
  'layout.cyrillic': ['suggestion'],
  'confusable.mixed_script': ['domain', 'script', 'suggestedDomain'],
  'confusable.lookalike': ['domain', 'script', 'suggestedDomain'],
  'confusable.local_mixed_script': ['local', 'script', 'suggestedLocal'],
  'confusable.compatibility': ['local', 'suggestedLocal'],
  // --- provider mailbox rules (checks/mailbox-rules.ts): {domain} is the provider's domain ---
  'mailbox.latin_only': ['local', 'domain', 'char'],
  'mailbox.bad_character': ['domain', 'char'],
  'mailbox.edge_character': ['domain', 'char'],
  'mailbox.too_short': ['domain', 'limit'],
  'mailbox.too_long': ['domain', 'limit'],
  'mailbox.cyrillic_name': ['local', 'domain', 'suggestedLocal'],
  'disposable.listed': ['domain'],
  'disposable.subdomain': ['domain', 'listed'],
  'role.local': ['local'],
  // --- several addresses in one cell ---
  'multiple.found': ['count', 'list'],
  'multiple.none_valid': ['count', 'list'],
  // --- duplicates ---
  'duplicate.same': ['line'],
  'duplicate.alias': ['line'],
  // --- suppression lists: {list} file name, {when} YYYY-MM-DD, {why} the list's own reason ---
  'suppress.hard_bounce': ['list', 'when', 'why'],
  'suppress.hard_bounce_dated': ['list', 'when'],
  'suppress.hard_bounce_reason': ['list', 'why'],
  'suppress.hard_bounce_plain': ['list'],
  'suppress.complaint': ['list', 'when', 'why'],
  'suppress.complaint_dated': ['list', 'when'],
  'suppress.complaint_reason': ['list', 'why'],
  'suppress.complaint_plain': ['list'],
  'suppress.unsubscribe': ['list', 'when', 'why'],
  'suppress.unsubscribe_dated': ['list', 'when'],
  'suppress.unsubscribe_reason': ['list', 'why'],
  'suppress.unsubscribe_plain': ['list'],
  'suppress.listed': ['list', 'when', 'why'],
  'suppress.listed_dated': ['list', 'when'],
  'suppress.listed_reason': ['list', 'why'],
  'suppress.listed_plain': ['list'],
  'suppress.soft_bounce': ['list', 'when', 'why'],
  'suppress.soft_bounce_dated': ['list', 'when'],
  'suppress.soft_bounce_reason': ['list', 'why'],
  'suppress.soft_bounce_plain': ['list'],
  'suppress.soft_escalated': ['list', 'count', 'first', 'when'],
  'suppress.alias': ['list', 'listed'],
  'suppress.domain': ['list', 'domain'],
  'suppress.hashed': ['list', 'algorithm'],
  'config.deny_domain': ['domain'],
  // --- dns: facts about the domain, then failures of the check ---
  'dns.nxdomain': ['domain'],
  'dns.null_mx': ['domain'],
  'dns.no_mail_records': ['domain'],
  'dns.no_public_address': ['domain'],
  'dns.mx_unusable': ['domain'],
  'dns.timeout': ['domain'],
  'dns.unreachable': ['domain'],
  'dns.servfail': ['domain'],
  'dns.refused': ['domain'],
  'dns.bad_rcode': ['domain'],
  'dns.bad_response': ['domain'],
  'dns.referral': ['domain'],
  'dns.cname_loop': ['domain'],
  'dns.stopped': ['domain'],
  // --- smtp (--smtp): {host} the MX host name asked, {reply} the server's own reply as it sent
  // it (code, enhanced code, text; control characters removed, length capped) ---
  'smtp.not_found': ['host', 'reply'],
  'smtp.disabled': ['host', 'reply'],
  'smtp.full': ['host', 'reply'],
  'smtp.catch_all': ['domain', 'host'],
  'smtp.timeout': ['host'],
  'smtp.refused': ['host'],
  'smtp.unresolved': ['host'],
  'smtp.private_mx': ['host'],
  'smtp.provider': ['host', 'provider'],
  'smtp.greylisted': ['host', 'reply'],
  'smtp.policy': ['host', 'reply'],
  'smtp.host_stopped': ['host'],
  'smtp.unclassified': ['host', 'reply'],
  'smtp.inconsistent': ['host', 'reply'],
  'smtp.protocol': ['host'],
  'smtp.unverified': ['host'],
  // --- apply: a person's decision that cannot be carried out ---
  'apply.no_suggestion': [],
} as const satisfies Record<string, readonly string[]>;

/** A message key. */
export type MessageKey = keyof typeof MESSAGE_ARGS;

/** A value a message may show. */
export type MessageValue = string | number;

/** The arguments of message `K`, by name. */
export type MessageArgs<K extends MessageKey> = { [A in (typeof MESSAGE_ARGS)[K][number]]: MessageValue };

/** A message as data: its key and its arguments (none for keys without arguments). */
export type Message = {
  [K in MessageKey]: (typeof MESSAGE_ARGS)[K] extends readonly []
    ? { why: K; args?: undefined }
    : { why: K; args: MessageArgs<K> };
}[MessageKey];

/** The messages of one stage, by key prefix (`SyntaxMessage` = the `syntax.*` ones). */
export type MessageOf<P extends string> = Extract<Message, { why: `${P}.${string}` }>;

/** Run-level notices (not about a row), rendered at the edge like row messages. */
export const WARNING_ARGS = {
  // The resolver never answered: {servers} as `host:port`, comma-separated; `_unnamed` when the
  // resolver was given by a library caller and has no address to show.
  'dns.unavailable_timeout': ['servers'],
  'dns.unavailable_timeout_unnamed': [],
  'dns.unavailable_unreachable': ['servers'],
  'dns.unavailable_unreachable_unnamed': [],
  // It answered, but REFUSED (or referred us elsewhere) / SERVFAIL for every domain asked.
  'dns.unavailable_refused': ['servers'],
  'dns.unavailable_refused_unnamed': [],
  'dns.unavailable_servfail': ['servers'],
  'dns.unavailable_servfail_unnamed': [],
  // It answered {count} queries, the last at {time} (ISO 8601, UTC), then went silent.
  'dns.stopped_answering': ['servers', 'count', 'time'],
  'dns.stopped_answering_unnamed': ['count', 'time'],
  // The answer cache (--cache, --dns-cache) could not be written at the end ({code}: ENOSPC,
  // EACCES, …); the results are kept.
  'dns.cache_not_saved': ['file', 'code'],
  // --offline asks no server, so --dns-server {servers} is not used.
  'config.offline_ignores_dns_server': ['servers'],
  'smtp.unavailable_port': ['port'],
  'smtp.unavailable_proxy': ['proxy'],
  'smtp.stopped_policy': ['count', 'probes'],
} as const satisfies Record<string, readonly string[]>;

/** A warning key. */
export type WarningKey = keyof typeof WARNING_ARGS;

/** A warning as data (no `args` for keys without arguments). */
export type Warning = {
  [K in WarningKey]: (typeof WARNING_ARGS)[K] extends readonly []
    ? { why: K; args?: undefined }
    : { why: K; args: { [A in (typeof WARNING_ARGS)[K][number]]: MessageValue } };
}[WarningKey];
