/** English: report.html, validation_detail, warnings and the terminal summary. */
import type { ReasonCode } from '../../model/findings.js';
import { messages } from './en-messages.js';
import { smtp } from './en-smtp.js';
import type { ReasonText, Strings } from './index.js';

/** Per reason: a short name, what it means in plain words, and what to do. */
const reasons: Record<ReasonCode, ReasonText> = {
  malformed_row: {
    title: 'Unreadable CSV row',
    explain: 'The line is broken CSV (for example a quote that is never closed), so its columns could not be read.',
    advice: 'open rejected.csv; validation_detail holds the original text of the line',
  },
  missing_email: {
    title: 'No address',
    explain: 'The email cell is empty.',
    advice: 'fill in the address or drop the row',
  },
  invalid_syntax: {
    title: 'Not an email address',
    explain: 'The value is not an email address: a missing or extra @, spaces, forbidden characters or no domain.',
    advice: 'fix the address by hand; as written it cannot receive mail',
  },
  domain_not_found: {
    title: 'Domain does not exist',
    explain: 'The part after @ is not a domain that exists, so mail cannot be delivered.',
    advice: 'these would hard-bounce; ask the contact for a working address',
  },
  no_mail_server: {
    title: 'Domain takes no mail',
    explain: 'The domain exists but does not accept email.',
    advice: 'these would hard-bounce; ask the contact for a working address',
  },
  disposable: {
    title: 'Throwaway mailbox',
    explain: 'A throwaway mailbox service: such addresses stop working after minutes or days.',
    advice: 'such mailboxes expire; do not import them',
  },
  duplicate: {
    title: 'Duplicate',
    explain: 'The same address appeared on an earlier line.',
    advice: 'nothing to do; the first occurrence is kept',
  },
  suppressed_hard_bounce: {
    title: 'Bounced before (hard)',
    explain: 'Mail to this address bounced for good before, according to your suppression list.',
    advice: 'never import these again; the mailbox does not exist or refuses mail',
  },
  suppressed_complaint: {
    title: 'Marked mail as spam',
    explain: 'This person marked your mail as spam before.',
    advice: 'never import these again; mailing them hurts your sender reputation',
  },
  suppressed_unsubscribe: {
    title: 'Unsubscribed',
    explain: 'This person unsubscribed from your mail.',
    advice: 'do not import these; they asked not to be mailed',
  },
  suppressed: {
    title: 'Suppressed',
    explain: 'The address is on a suppression list you gave.',
    advice: 'do not import these',
  },
  possible_typo: {
    title: 'Possible typo',
    explain: 'The domain looks like a misspelling of a common one, such as gmial.com for gmail.com.',
    advice: 'open review.csv; the validation_suggestion column has the fix',
  },
  wrong_keyboard_layout: {
    title: 'Typed in the wrong keyboard layout',
    explain: 'The address was typed with the keyboard switched to Cyrillic (пьфшд.сщь instead of gmail.com).',
    advice: 'open review.csv; the validation_suggestion column has the Latin address',
  },
  confusable_characters: {
    title: 'Look-alike characters',
    explain: 'The address mixes look-alike letters from different alphabets, such as a Cyrillic «а» in gmail.com.',
    advice: 'open review.csv; the validation_suggestion column has the plain-Latin address',
  },
  reserved_domain: {
    title: 'Placeholder domain',
    explain: 'The domain is reserved for examples and tests (example.com, .test, .invalid, .localhost; RFC 2606 and RFC 6761) and can never receive mail.',
    advice: 'a placeholder, not a real address: ask the contact for theirs or drop the row',
  },
  mailbox_not_allowed: {
    title: 'Mailbox cannot exist',
    explain: 'The provider cannot have a mailbox with this name: Cyrillic letters at Gmail or ukr.net, or a character the provider forbids (an underscore at Gmail).',
    advice: 'these would hard-bounce; ask the contact for the exact address',
  },
  cyrillic_mailbox: {
    title: 'Name written in Cyrillic',
    explain: 'The person wrote their own name in Cyrillic, but the provider only has Latin mailbox names (тарас@gmail.com).',
    advice: 'open review.csv; the validation_suggestion column has the name in the official Latin spelling',
  },
  punctuation_slip: {
    title: 'Punctuation slip',
    explain: 'A slip with one obvious fix: a repeated ending (gmail.com.com), a comma for a period, a missing period or ending (gmailcom).',
    advice: 'open review.csv; the validation_suggestion column has the fix',
  },
  mailbox_unlikely: {
    title: 'Unusual mailbox name',
    explain: 'The name breaks the provider\'s documented sign-up rule (Gmail: 6 to 30 characters); older accounts may still have it.',
    advice: 'keep it if you know the contact; otherwise check the address with them',
  },
  role_account: {
    title: 'Role address',
    explain: 'An address for a group or a function (info@, admin@, noreply@), not for a person.',
    advice: 'keep only if a person reads this mailbox and asked for your mail',
  },
  multiple_addresses: {
    title: 'Several addresses in one cell',
    explain: 'The cell holds more than one address.',
    advice: 'open review.csv; the validation_suggestion column has the first good one',
  },
  duplicate_alias: {
    title: 'Same mailbox, other spelling',
    explain: 'The same mailbox as an earlier line, written differently (Gmail ignores dots and +tags).',
    advice: 'usually safe to drop; the person would get every letter twice',
  },
  suppressed_soft_bounce: {
    title: 'Bounced before (soft)',
    explain: 'Mail to this address bounced temporarily before (for example a full mailbox).',
    advice: 'a full mailbox may be fine now; import only if the contact is active',
  },
  dns_error: {
    title: 'Domain could not be checked',
    explain: 'The domain could not be checked right now (the DNS server timed out or failed).',
    advice: 'run again later (use --dns-cache to keep the answers you already have)',
  },
  mailbox_not_found: {
    title: 'Mailbox does not exist',
    explain: 'The domain’s mail server says this mailbox does not exist or is disabled, and it refused a made-up address too, so its answers can be trusted.',
    advice: 'these would hard-bounce; ask the contact for a working address',
  },
  mailbox_full: {
    title: 'Mailbox full',
    explain: 'The mail server says the mailbox is over its quota: letters bounce (softly) until the person makes room.',
    advice: 'a full mailbox is often abandoned; import only if the contact is active',
  },
  catch_all: {
    title: 'Domain accepts any address',
    explain: 'The domain’s mail server accepts every address, even made-up ones, so this mailbox could not be confirmed.',
    advice: 'nothing to do; such addresses usually work but cannot be checked',
  },
  smtp_unverified: {
    title: 'Mailbox not verified',
    explain: 'The mail server gave no answer that can be trusted: a timeout, a temporary refusal, a refusal of the checking computer, or a provider that accepts everything.',
    advice: 'nothing to do; the row keeps the verdict of the other checks',
  },
};

/** English. */
export const en: Strings = {
  locale: 'en',
  decimal: '.',
  title: 'Contact list quality report',
  subtitle: 'File: {file}',
  checkedOn: 'Checked on {date}',
  madeWith: 'Made with {tool} {version}',
  sections: {
    glance: 'At a glance',
    reasons: 'What we found and what to do',
    typos: 'Typo suggestions',
    domains: 'Domains',
    suppression: 'Suppression lists',
    dns: 'Domain check (DNS)',
    input: 'About the file',
    examples: 'Example rows',
    gates: 'Quality gates',
  },
  buckets: {
    clean: { label: 'Clean', meaning: 'Ready to import (clean.csv)' },
    review: { label: 'Review', meaning: 'Worth a look before importing (review.csv)' },
    rejected: { label: 'Rejected', meaning: 'Would bounce or harm your sending (rejected.csv)' },
  },
  rowsChecked: 'Rows checked',
  verdict: '{clean} of the list is ready to import.',
  healthChart: 'Share of rows: clean, review, rejected',
  th: {
    reason: 'Reason',
    rows: 'Rows',
    share: 'Share',
    bucket: 'Goes to',
    whatToDo: 'What it means and what to do',
    written: 'As written',
    meant: 'Probably meant',
    domain: 'Domain',
    list: 'List',
    format: 'Format',
    entries: 'Entries',
    matched: 'Rows matched',
    notUnderstood: 'Entries not understood',
    line: 'Line',
    address: 'Address',
    suggestion: 'Suggested fix',
    gate: 'Gate',
    limit: 'Limit',
    actual: 'Actual',
    result: 'Result',
  },
  noProblems: 'No problems found: every row is ready to import.',
  typosIntro: 'Domains that look misspelt, with the likely fix. review.csv has each corrected address in the validation_suggestion column.',
  noTypos: 'No misspelt domains found.',
  domainsByRows: 'Top domains by rows',
  domainsByProblems: 'Domains with the most problems',
  freeShare: '{share} of the valid addresses are at free mail providers ({list}).',
  freeShareNone: 'None of the valid addresses is at a free mail provider.',
  noDomains: 'No domain to show.',
  noSuppression: 'No suppression list was used.',
  dns: {
    ok: 'Domains were looked up in DNS: {domains} domains, {lookups} lookups, {errors} could not be checked.',
    offline: 'Domains were not looked up in DNS (offline run): addresses at domains that do not exist may still be in clean.csv.',
    unavailable: 'The DNS server did not answer, so domains were not looked up: addresses at domains that do not exist may still be in clean.csv. Run the check again with a working network.',
    stopped: 'The DNS server stopped answering at {time}, after {answers}, so the remaining domains were not looked up: addresses at domains that do not exist may still be in clean.csv. Run the check again later.',
  },
  input: {
    file: 'File',
    encoding: 'Encoding',
    delimiter: 'Delimiter',
    column: 'Address column',
    header: 'Header row',
    rows: 'Data rows',
    blankLines: 'Blank lines skipped',
    malformedRows: 'Unreadable rows',
    gzip: 'gzip-compressed',
    bom: 'Byte order mark',
    sheet: 'Sheet',
    duration: 'Check took',
  },
  delimiters: { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' },
  yes: 'yes',
  no: 'no',
  examplesMasked: 'Up to five rows per reason. Addresses are partly hidden for privacy.',
  examplesUnmasked: 'Addresses are shown in full: share this report only with people allowed to see them.',
  gateNames: { rejected: 'Rejected share', review: 'Review share' },
  gatePassed: 'passed',
  gateFailed: 'failed',
  seconds: 's',
  reasons,
  messages,
  smtp,
  otherColumn: 'The {column} column has {suggestion}.',
  warnings: {
    'dns.unavailable_timeout':
      'No DNS answer from {servers}, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
    'dns.unavailable_timeout_unnamed':
      'The DNS resolver did not answer, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
    'dns.unavailable_unreachable':
      'Could not reach {servers} for DNS, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
    'dns.unavailable_unreachable_unnamed':
      'The DNS resolver could not be reached, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
    'dns.unavailable_refused':
      '{servers} refused our DNS lookups (REFUSED, or referrals instead of answers: it does not resolve names for this machine), so domains were not checked over DNS (the run went on as with --offline); pass a resolver that does with --dns-server.',
    'dns.unavailable_refused_unnamed':
      'The DNS resolver refused our lookups (REFUSED, or referrals instead of answers), so domains were not checked over DNS (the run went on as with --offline); pass another resolver with --dns-server.',
    'dns.unavailable_servfail':
      '{servers} failed every DNS lookup (SERVFAIL), so domains were not checked over DNS (the run went on as with --offline); the resolver may be cut off from the Internet or reject every answer (a wrong DNSSEC trust anchor, a wrong clock): fix it or pass another with --dns-server.',
    'dns.unavailable_servfail_unnamed':
      'The DNS resolver failed every lookup (SERVFAIL), so domains were not checked over DNS (the run went on as with --offline); fix it or pass another with --dns-server.',
    'dns.stopped_answering':
      'DNS stopped answering during the run: the last answer from {servers} came at {time} (answers received: {count}); the domains left were not checked over DNS (as with --offline). Run again later; --cache keeps the answers already received.',
    'dns.stopped_answering_unnamed':
      'DNS stopped answering during the run: the last answer came at {time} (answers received: {count}); the domains left were not checked over DNS (as with --offline). Run again later; --cache keeps the answers already received.',
    'dns.cache_not_saved':
      'The cache file {file} could not be saved ({code}); the results are written, but the answers of this run were not kept.',
    'config.offline_ignores_dns_server':
      'An offline run asks no DNS server, so the DNS server given ({servers}) is not used.',
    'smtp.unavailable_port':
      'No mail server could be reached on port {port}, so mailboxes were not checked and every row kept its DNS verdict. Many home and cloud networks block outgoing port 25: run from a host that may connect, or pass --smtp-proxy socks5://host:port.',
    'smtp.unavailable_proxy':
      'The SOCKS5 proxy {proxy} could not be reached or does not speak SOCKS5 without a password, so mailboxes were not checked and every row kept its DNS verdict; check --smtp-proxy.',
    'smtp.stopped_policy':
      'Mail servers refused the checking computer (blocklists, reputation) {count} times in {probes} probes, so SMTP probing stopped for the rest of the run; rows not probed kept their DNS verdict. Check the reverse DNS and reputation of the sending IP, the --smtp-helo name and the SPF of the --smtp-from domain.',
  },
  summary: {
    heading: '{encoding}, {delimiter}-separated, address column "{column}"',
    headingSheet: 'Excel workbook, sheet "{sheet}", address column "{column}"',
    buckets: { clean: 'Clean', review: 'Review', rejected: 'Rejected' },
    rowsRead: 'Rows read',
    reasons: 'Reasons',
    noProblems: 'No problems found: every row is clean.',
    filesIn: 'Files in',
    htmlFor: 'for people: open it in a browser',
    jsonFor: 'for programs',
    labels: { dns: 'DNS', freeMail: 'Free mail', suppression: 'Suppression', gates: 'Gates' },
    dnsStatus: { ok: 'ok', offline: 'offline', unavailable: 'unavailable' },
    dnsOk: '{domains}, {lookups}, {errors}',
    dnsOffline: 'domains were not looked up ({domains})',
    dnsUnavailable: 'the DNS server did not answer, domains were not checked',
    dnsStopped: 'stopped answering at {time}, after {answers}; the domains left were not checked',
    freeMail: '{share} of valid addresses are at free providers ({list})',
    freeMailNone: 'none of the valid addresses is at a free provider',
    suppressionNone: 'none',
    suppressionList: '{file} [{format}]: {matched} of {entries} matched{detail}',
    suppressionUnread: '; {count} not understood',
    gateFailed: 'failed — {actual}% {what}, {over} over the limit',
    gatePassed: 'passed — {actual}% {what}',
    gateWhat: { rejected: 'rejected', review: 'in review' },
    done: 'Done in {seconds} s',
    speed: '{rate} rows/s',
    units: {
      row: { one: '{n} row', other: '{n} rows' },
      domain: { one: '{n} domain', other: '{n} domains' },
      lookup: { one: '{n} lookup', other: '{n} lookups' },
      error: { one: '{n} error', other: '{n} errors' },
      entry: { one: '{n} entry', other: '{n} entries' },
      point: { one: '{n} point', other: '{n} points' },
      answer: { one: '{n} answer', other: '{n} answers' },
      probe: { one: '{n} probe', other: '{n} probes' },
      session: { one: '{n} session', other: '{n} sessions' },
      host: { one: '{n} mail host', other: '{n} mail hosts' },
    },
  },
  apply: {
    heading: 'decisions applied in {dir}',
    labels: { imported: 'Imported', leftOut: 'Left out', refused: 'Refused' },
    importedDetail: 'clean {clean} · kept {kept} · fixed {fixed}',
    leftOut: { dropped: 'dropped {n}', deleted: 'deleted from review/rejected {n}', notSelected: 'not in --apply-reasons {n}' },
    refusedDetail: 'a keep or fix did not pass a check: see {problems}',
    importFor: 'ready to import into Kwiga',
    problemsFor: 'refused keeps and fixes, each with the reason',
    autoLabel: 'Applied',
    auto: '{file}: {rows} to import, {fixed} of them with a corrected address',
    autoRefused: '; {refused} not applied, see {problems}',
  },
};
