/**
 * The settings of a run, as one zod schema: the long flags in camelCase plus config-only keys.
 * Flags and the config file are both normalised by it (pipeline/settings.ts parses and words the
 * errors); `Config` and `ConfigInput` are derived from it, and schema/config.schema.json is
 * generated from it, so the three cannot drift.
 */
import { z } from 'zod';
import { ACTIONS } from './actions.js';
import { checkDnsServerSpec } from './dns-server.js';
import { BUCKETS, REASON_CODES } from './findings.js';

/** The config file picked up from the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILE = 'kwiga-validate.config.json';

/** The encodings we read (SPEC: UTF-8 with or without BOM, UTF-16 with BOM, windows-1251/1252). */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1252'] as const;

/** Formats of the input and of the outputs: a text table, or an Excel workbook. */
export const OUTPUT_FORMATS = ['csv', 'xlsx'] as const;

/** A file format of clean/review/rejected (and of the input). */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** An input encoding. */
export type Encoding = (typeof ENCODINGS)[number];

/**
 * What a setting expects, in the words of an error message, where the schema alone cannot say
 * it: `expected` replaces the whole phrase; `unit`, `noun` and `of` shape the phrase made from a
 * number's bounds (`milliseconds, an integer from 100 to 60000`, `a percentage from 0 to 100`, `a
 * whole number of days, at least 1`). Kept out of the global registry: not part of the JSON Schema.
 */
export interface Expectation {
  /** The whole phrase. */
  expected?: string;
  /** Said before a bounded integer (`milliseconds`). */
  unit?: string;
  /** The noun of a bounded number (`percentage`). */
  noun?: string;
  /** What a whole number counts (`days`). */
  of?: string;
}

/** Expectations by schema node (see pipeline/settings.ts, `expectationAt`). */
export const EXPECTATIONS = z.registry<Expectation>();

const expect = <T extends z.ZodType>(schema: T, expectation: Expectation): T => {
  EXPECTATIONS.add(schema, expectation);
  return schema;
};

/** Turns "12" into 12 so flags (strings) and config files (numbers) share one schema. */
const numeric = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);
/** A flag given once is a string; repeatable flags and config files give arrays. */
const list = <T extends z.ZodType<string>>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item));
/** `a,b` from a flag, or a list in a config file; items trimmed, empty items dropped. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : v), z.array(item));
const path = (what: string) => expect(z.string().min(1), { expected: what });
const domainList = expect(z.array(z.string().min(1).transform((s) => s.trim().toLowerCase())), { expected: 'a list of domain names' });

/** `--dns-server`: an IP literal or a host name, with an optional port; the resolver's own parser decides. */
const dnsServerSpec = expect(
  z
    .string()
    .min(1)
    .refine((spec) => {
      try {
        checkDnsServerSpec(spec);
        return true;
      } catch {
        return false;
      }
    }),
  { expected: 'an IP address or host name with an optional port, like 1.1.1.1, 1.1.1.1:5353, [2606:4700::1111]:53 or dns.example.net' },
);

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/** A delimiter as `--delimiter` and `--output-delimiter` take it: the character or its name. */
const delimiter = () =>
  expect(
    z
      .string()
      .transform((s) => DELIMITER_NAMES[s.toLowerCase()] ?? s)
      .pipe(z.enum([',', ';', '\t', '|'])),
    { expected: 'one of , ; tab |' },
  );

/** `typo` block of the config file. */
const TypoSchema = expect(z
  .object({
    maxDistance: numeric(z.number().int().min(1).max(3))
      .optional()
      .describe('Largest edit distance a domain typo may have (a swap or a neighbouring key counts less); default 2.'),
  })
  .strict(), { expected: 'an object like {"maxDistance": 2}' });

/** `suppression.softBounceEscalation`: so many soft bounces within so many days count as a hard bounce. */
const EscalationSchema = expect(
  z.object({ count: numeric(expect(z.number().int().min(1), { of: 'soft bounces' })), days: numeric(expect(z.number().int().min(1), { of: 'days' })) }).strict(),
  { expected: 'an object like {"count": 3, "days": 30}' },
);

/** `suppression` block of the config file. */
const SuppressionSchema = expect(z
  .object({
    softBounceEscalation: EscalationSchema.optional().describe(
      'This many dated soft bounces of one address within `days` days count as a hard bounce; default 3 within 30.',
    ),
    softBounceExpiryDays: numeric(expect(z.number().int().min(1), { of: 'days' }))
      .optional()
      .describe('Soft bounces older than this many days are ignored; default: never.'),
  })
  .strict(), { expected: 'an object with softBounceEscalation and/or softBounceExpiryDays' });

/**
 * `policy`: reason code → bucket. A malformed row has no address and no columns to import (its
 * text is kept only in validation_detail), so clean.csv would get an empty line for it: it may go to
 * review or rejected, never to clean.
 */
const bucketOf = z.enum(BUCKETS).optional();
const PolicySchema = z
  .object(
    Object.fromEntries(
      REASON_CODES.map((code) => [
        code,
        code === 'malformed_row'
          ? expect(z.enum(['review', 'rejected']), {
              expected: 'review or rejected (an unreadable row has no address or columns that clean.csv could hold)',
            }).optional()
          : bucketOf,
      ]),
    ) as Record<(typeof REASON_CODES)[number], typeof bucketOf>,
  )
  .strict();

/**
 * Every setting: the long flags in camelCase plus config-only keys. One schema normalises flags
 * and the config file; `.strict()` makes an unknown config key an error with its path.
 * The descriptions end up in schema/config.schema.json, so editors show them.
 */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors; ignored by the tool.'),
    outDir: path('a folder path').optional().describe('Where results go; default <input without extension>.validated/ beside the input.'),
    emailColumn: expect(
      // All digits is a number (a column named "0" is far less likely than a 0-based slip).
      z.union([numeric(z.number().int().min(1)), z.string().regex(/\D/)]),
      { expected: 'a column name or a 1-based column number' },
    )
      .optional()
      .describe('The column with the address: its header name or 1-based number; default detected.'),
    sheet: expect(z.union([z.string().min(1), z.number().int().min(1)]), { expected: 'a sheet name or a 1-based sheet number' })
      .optional()
      .describe('The sheet of an .xlsx workbook to read: its tab name or 1-based position; default the first sheet with an address column. Ignored for CSV input.'),
    outputFormat: z
      .enum(OUTPUT_FORMATS)
      .optional()
      .describe('Format of clean, review and rejected: "csv" or "xlsx"; default the input\'s format.'),
    csvSafe: z
      .boolean()
      .default(false)
      .describe('Prefix a \' to CSV cells starting with = + - @ (tab, carriage return), so a spreadsheet never runs them as formulas; off by default because Kwiga\'s importer must get the data as is.'),
    delimiter: delimiter().optional().describe('Field delimiter: "," ";" "tab" "|"; default detected.'),
    encoding: z
      .string()
      .transform(normalizeEncodingName)
      .pipe(z.enum(ENCODINGS))
      .optional()
      .describe(`Input encoding: ${ENCODINGS.join(', ')}; default detected.`),
    offline: z.boolean().default(false).describe('No network at all; every check that needs none still runs.'),
    dnsServer: list(dnsServerSpec).default([]).describe('DNS servers as IP or host name with an optional port ("1.1.1.1", "[2606:4700::1111]:53", "dns.example.net:53"); default the system resolvers.'),
    dnsTimeout: numeric(expect(z.number().int().min(100).max(60_000), { unit: 'milliseconds' })).optional().describe('Timeout of one DNS query in milliseconds.'),
    concurrency: numeric(z.number().int().min(1).max(512)).optional().describe('DNS lookups in flight (one per unique domain); default 64.'),
    cache: path('a file path')
      .optional()
      .describe('JSON answer cache, read and updated: domain answers (by their DNS TTL) and, with smtp, mailbox answers (7 days; unknowns 1 day).'),
    dnsCache: path('a file path').optional().describe('The earlier name of `cache` (same file, same meaning).'),
    smtp: z.boolean().default(false).describe('Probe mailboxes over SMTP after the DNS checks (needs smtpFrom; refused with offline).'),
    smtpFrom: expect(z.string().refine(isMailFrom), { expected: 'an email address on a domain you control, like probe@your-school.com' })
      .optional()
      .describe('The MAIL FROM of the probes: a real mailbox on a domain you control.'),
    smtpHelo: expect(z.string().refine(isFullyQualified), { expected: 'a fully qualified host name, like mail.your-school.com' })
      .optional()
      .describe("The EHLO/HELO name; default the machine's fully qualified host name."),
    smtpTimeout: numeric(expect(z.number().int().min(100).max(300_000), { unit: 'milliseconds' }))
      .optional()
      .describe('Bound on the connection and on each SMTP command, in milliseconds; default 10000.'),
    smtpConcurrency: numeric(z.number().int().min(1).max(50))
      .optional()
      .describe('Mail hosts probed at once (never more than one connection to one host); default 5.'),
    smtpMax: numeric(expect(z.number().int().min(1), { of: 'addresses' }))
      .optional()
      .describe('The most addresses probed in one run; later rows keep their DNS verdict.'),
    smtpProxy: expect(z.string().refine(isSocks5Url), { expected: 'a SOCKS5 proxy as socks5://host:port' })
      .optional()
      .describe('Send the SMTP connections through this SOCKS5 proxy (socks5://host:port).'),
    smtpPort: numeric(z.number().int().min(1).max(65_535)).optional().describe('TCP port of the mail hosts; default 25.'),
    smtpAllowPrivate: z
      .boolean()
      .default(false)
      .describe('Probe MX hosts on loopback, private or link-local addresses (default: not probed, and the row says why).'),
    smtpRate: numeric(expect(z.number().min(0.01).max(1000), { noun: 'number of RCPT commands per second' }))
      .optional()
      .describe('RCPT commands per second to one mail host; default 1.'),
    smtpRetryDelay: numeric(expect(z.number().int().min(0).max(3_600_000), { unit: 'milliseconds' }))
      .optional()
      .describe('Wait before the one retry after a temporary (4xx) answer such as greylisting, in milliseconds; default 60000.'),
    suppress: expect(list(path('a file path')), { expected: 'a file path or a list of file paths' }).default([]).describe('Suppression lists: bounces, complaints, unsubscribes, `@domain` lines.'),
    failOnRejected: numeric(expect(z.number().min(0).max(100), { noun: 'percentage' })).optional().describe('Exit 1 when more than this percentage of rows is rejected.'),
    failOnReview: numeric(expect(z.number().min(0).max(100), { noun: 'percentage' })).optional().describe('Exit 1 when more than this percentage of rows goes to review.'),
    json: z.boolean().default(false).describe('Print report.json on stdout instead of the text summary.'),
    lang: z.enum(['en', 'uk', 'it']).default('en').describe('Language of report.html, of validation_detail in review.csv and rejected.csv, and of the terminal summary.'),
    reportUnmasked: z.boolean().default(false).describe('Show whole addresses in report.html.'),
    quiet: z.boolean().default(false).describe('Print nothing but errors.'),
    color: z.boolean().optional().describe('false: no colours (like --no-color).'),
    bom: z
      .boolean()
      .optional()
      .describe(
        'true: write the CSVs with a UTF-8 byte order mark; false: never. Default: when the input had one or was in a Windows code page (windows-1251/1252), so the Excel that made it opens the results.',
      ),
    outputDelimiter: delimiter()
      .optional()
      .describe('Field delimiter of the output CSVs: "," ";" "tab" "|"; default the input\'s (Ukrainian and Italian Excel save with ";").'),
    policy: expect(PolicySchema, {
      expected: 'an object mapping reason codes to clean, review or rejected',
    })
      .default({})
      .describe('Reason code → "clean", "review" or "rejected", overriding the default bucket.'),
    actions: expect(z.partialRecord(z.enum(REASON_CODES), z.enum(ACTIONS)), {
      expected: 'an object mapping reason codes to keep, fix or drop',
    })
      .default({})
      .describe('Reason code → "keep", "fix" or "drop": the validation_action prefilled in review.csv and rejected.csv (defaults in the README).'),
    apply: z.boolean().default(false).describe('After the run, apply the prefilled validation_action of every row and write import.csv (as `kwiga-validate apply` does).'),
    applyReasons: expect(commaList(z.enum(REASON_CODES)), {
      expected: `reason codes separated by commas, like possible_typo,wrong_keyboard_layout (one of ${REASON_CODES.join(', ')})`,
    })
      .optional()
      .describe('With apply: apply the prefilled actions of rows with these reasons only; other review and rejected rows stay out of import.csv.'),
    allowDomains: domainList.default([]).describe('Domains never corrected as typos, nor flagged disposable or confusable.'),
    denyDomains: domainList
      .default([])
      .describe('Domains whose rows are rejected (reason suppressed): a whole-domain suppression list kept in the config.'),
    disposableAllow: domainList.default([]).describe('Domains on the disposable list that are fine for you.'),
    roleNames: expect(z.array(z.string().min(1).transform((s) => s.toLowerCase())), {
      expected: 'a list of local parts, like ["info", "studio"]',
    })
      .default([])
      .describe('Extra local parts that name a group, not a person (sent to review as role_account).'),
    typo: TypoSchema.default({}).describe('Typo check settings.'),
    suppression: SuppressionSchema.default({}).describe('Suppression list settings.'),
  })
  .strict();

/** The normalised settings of a run. */
export type Config = z.output<typeof ConfigSchema>;
/** Settings as a caller may give them (library options, config file). */
export type ConfigInput = z.input<typeof ConfigSchema>;

/**
 * A host name fit for EHLO (RFC 5321 §4.1.4: the client's fully qualified domain name, or an
 * address literal): at least two labels of letters, digits and hyphens (RFC 1123 §2.1), a
 * top-level label that is not all digits, 253 characters at most; or `[IPv4]` / `[IPv6:…]`.
 * Names that cannot be a sending host (RFC 6761 `localhost` and `.invalid`, RFC 6762 `.local`,
 * and the `localhost.localdomain` of many default installs) are refused: servers reject or
 * blocklist senders that greet with them.
 */
export function isFullyQualified(name: string): boolean {
  if (/^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9a-f:.]+)\]$/i.test(name)) return true;
  const host = name.replace(/\.$/, '').toLowerCase();
  const labels = host.split('.');
  if (host.length > 253 || labels.length < 2 || /^\d+$/.test(labels.at(-1)!)) return false;
  if (!labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return false;
  return !['localhost', 'localdomain', 'local', 'invalid'].includes(labels.at(-1)!);
}

/** A MAIL FROM address: a local part without spaces, controls or angle brackets, `@`, a host name. */
function isMailFrom(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  // RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.
  return at > 0 && local.length <= 64 && /^[\x21-\x7e]+$/.test(local) && !/[<>@]/.test(local) && isFullyQualified(address.slice(at + 1));
}

/**
 * `socks5://host:port` (IPv6 in brackets; port default 1080), without user or path. The prober
 * parses it again with its own parser (smtp/socks5.ts), which accepts exactly these.
 */
function isSocks5Url(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'socks5:' && url.hostname !== '' && url.username === '' && url.pathname.replace(/^\/$/, '') === '';
}

function normalizeEncodingName(name: string): string {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  const aliases: Record<string, string> = {
    utf8: 'utf-8', 'utf-8-bom': 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', 'utf-16': 'utf-16le',
    cp1251: 'windows-1251', win1251: 'windows-1251', '1251': 'windows-1251',
    cp1252: 'windows-1252', win1252: 'windows-1252', '1252': 'windows-1252', latin1: 'windows-1252',
    'iso-8859-1': 'windows-1252',
  };
  return aliases[n] ?? n;
}
