import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { typoDistance } from '../checks/distance.js';
import { checkDnsServerSpec } from '../dns/servers.js';
import { REASON_CODES } from './findings.js';
import { ENCODINGS } from '../io/encoding.js';
import { KwigaError } from './errors.js';

/** The config file picked up from the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILE = 'kwiga-validate.config.json';

const bucket = z.enum(['clean', 'review', 'rejected']);

/** Turns "12" into 12 so flags (strings) and config files (numbers) share one schema. */
const numeric = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);
/** A flag given once is a string; repeatable flags and config files give arrays. */
const list = <T extends z.ZodType<string>>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item));
const path = z.string().min(1);
const domainList = z.array(z.string().min(1).transform((s) => s.trim().toLowerCase()));

/** `--dns-server`: an IP literal or a host name, with an optional port; the resolver's own parser decides. */
const dnsServerSpec = z
  .string()
  .min(1)
  .refine((spec) => {
    try {
      checkDnsServerSpec(spec);
      return true;
    } catch {
      return false;
    }
  });

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/** `typo` block of the config file. */
const TypoSchema = z
  .object({
    maxDistance: numeric(z.number().int().min(1).max(3))
      .optional()
      .describe('Largest edit distance a domain typo may have (a swap or a neighbouring key counts less); default 2.'),
  })
  .strict();

/** `suppression.softBounceEscalation`: so many soft bounces within so many days count as a hard bounce. */
const EscalationSchema = z
  .object({ count: numeric(z.number().int().min(1)), days: numeric(z.number().int().min(1)) })
  .strict();

/** `suppression` block of the config file. */
const SuppressionSchema = z
  .object({
    softBounceEscalation: EscalationSchema.optional().describe(
      'This many dated soft bounces of one address within `days` days count as a hard bounce; default 3 within 30.',
    ),
    softBounceExpiryDays: numeric(z.number().int().min(1))
      .optional()
      .describe('Soft bounces older than this many days are ignored; default: never.'),
  })
  .strict();

/**
 * Every setting: the long flags in camelCase plus config-only keys. One schema normalises flags
 * and the config file; `.strict()` makes an unknown config key an error with its path.
 * The descriptions end up in schema/config.schema.json, so editors show them.
 */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors; ignored by the tool.'),
    outDir: path.optional().describe('Where results go; default <input without extension>.validated/ beside the input.'),
    emailColumn: z
      // All digits is a number (a column named "0" is far less likely than a 0-based slip).
      .union([numeric(z.number().int().min(1)), z.string().regex(/\D/)])
      .optional()
      .describe('The column with the address: its header name or 1-based number; default detected.'),
    delimiter: z
      .string()
      .transform((s) => DELIMITER_NAMES[s.toLowerCase()] ?? s)
      .pipe(z.enum([',', ';', '\t', '|']))
      .optional()
      .describe('Field delimiter: "," ";" "tab" "|"; default detected.'),
    encoding: z
      .string()
      .transform((s) => normalizeEncodingName(s))
      .pipe(z.enum(ENCODINGS))
      .optional()
      .describe(`Input encoding: ${ENCODINGS.join(', ')}; default detected.`),
    offline: z.boolean().default(false).describe('No network at all; every check that needs none still runs.'),
    dnsServer: list(dnsServerSpec).default([]).describe('DNS servers as IP or host name with an optional port ("1.1.1.1", "[2606:4700::1111]:53", "dns.example.net:53"); default the system resolvers.'),
    dnsTimeout: numeric(z.number().int().min(100).max(60_000)).optional().describe('Timeout of one DNS query in milliseconds.'),
    concurrency: numeric(z.number().int().min(1).max(512)).optional().describe('DNS lookups in flight (one per unique domain); default 64.'),
    dnsCache: path.optional().describe('JSON cache of domain answers, read and updated.'),
    suppress: list(path).default([]).describe('Suppression lists: bounces, complaints, unsubscribes, `@domain` lines.'),
    failOnRejected: numeric(z.number().min(0).max(100)).optional().describe('Exit 1 when more than this percentage of rows is rejected.'),
    failOnReview: numeric(z.number().min(0).max(100)).optional().describe('Exit 1 when more than this percentage of rows goes to review.'),
    json: z.boolean().default(false).describe('Print report.json on stdout instead of the text summary.'),
    lang: z.enum(['en', 'uk', 'it']).default('en').describe('Language of report.html, of validation_detail in review.csv and rejected.csv, and of the terminal summary.'),
    reportUnmasked: z.boolean().default(false).describe('Show whole addresses in report.html.'),
    quiet: z.boolean().default(false).describe('Print nothing but errors.'),
    color: z.boolean().optional().describe('false: no colours (like --no-color).'),
    bom: z.boolean().default(false).describe('Write the CSVs with a UTF-8 byte order mark (for Excel).'),
    policy: z
      .partialRecord(z.enum(REASON_CODES), bucket)
      .default({})
      .describe('Reason code → "clean", "review" or "rejected", overriding the default bucket.'),
    allowDomains: domainList.default([]).describe('Domains never corrected as typos, nor flagged disposable or confusable.'),
    denyDomains: domainList
      .default([])
      .describe('Domains whose rows are rejected (reason suppressed): a whole-domain suppression list kept in the config.'),
    disposableAllow: domainList.default([]).describe('Domains on the disposable list that are fine for you.'),
    roleNames: z
      .array(z.string().min(1).transform((s) => s.toLowerCase()))
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

const DNS_SERVER = 'an IP address or host name with an optional port, like 1.1.1.1, 1.1.1.1:5353, [2606:4700::1111]:53 or dns.example.net';
const BOOLEAN = 'true or false';
const DOMAINS = 'a list of domain names';
const DAYS = 'a whole number of days, at least 1';

/** What each setting expects, by dotted path (array indices left out), for error messages. */
const EXPECTED: Record<string, string> = {
  $schema: 'a string',
  outDir: 'a folder path',
  emailColumn: 'a column name or a 1-based column number',
  delimiter: 'one of , ; tab |',
  encoding: `one of ${ENCODINGS.join(', ')}`,
  offline: BOOLEAN,
  dnsServer: DNS_SERVER,
  dnsTimeout: 'milliseconds, an integer from 100 to 60000',
  concurrency: 'an integer from 1 to 512',
  dnsCache: 'a file path',
  suppress: 'a file path or a list of file paths',
  failOnRejected: 'a percentage from 0 to 100',
  failOnReview: 'a percentage from 0 to 100',
  json: BOOLEAN,
  lang: 'one of en, uk, it',
  reportUnmasked: BOOLEAN,
  quiet: BOOLEAN,
  color: BOOLEAN,
  bom: BOOLEAN,
  policy: 'an object mapping reason codes to clean, review or rejected',
  'policy.*': 'one of clean, review, rejected',
  allowDomains: DOMAINS,
  denyDomains: DOMAINS,
  disposableAllow: DOMAINS,
  roleNames: 'a list of local parts, like ["info", "studio"]',
  typo: 'an object like {"maxDistance": 2}',
  'typo.maxDistance': 'an integer from 1 to 3',
  suppression: 'an object with softBounceEscalation and/or softBounceExpiryDays',
  'suppression.softBounceEscalation': 'an object like {"count": 3, "days": 30}',
  'suppression.softBounceEscalation.count': 'a whole number of soft bounces, at least 1',
  'suppression.softBounceEscalation.days': DAYS,
  'suppression.softBounceExpiryDays': DAYS,
};

/** The keys an object at a dotted path may hold, for "did you mean" hints. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(ConfigSchema.shape),
  policy: REASON_CODES,
  typo: Object.keys(TypoSchema.shape),
  suppression: Object.keys(SuppressionSchema.shape),
  'suppression.softBounceEscalation': Object.keys(EscalationSchema.shape),
};

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

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The closest known key (at most 2 edits away), so `maxDistanse` points at `maxDistance`. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 2.5;
  for (const k of known) {
    const d = typoDistance(key.toLowerCase(), k.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * Validates settings. `source` names where they came from: `flags` gives
 * `Invalid option --concurrency: expected an integer from 1 to 512, got "abc"`, a file name gives
 * `Invalid value in cfg.json at "typo.maxDistance": expected an integer from 1 to 3, got 5`.
 */
export function parseConfig(input: unknown, source: 'flags' | string): Config {
  const result = ConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const names = issue.path.filter((p) => typeof p === 'string');
  const key = names.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `${key}.` : '';
    const listed = issue.keys.map((k) => `"${where}${k}"`).join(', ');
    const hint = issue.keys.length === 1 ? closest(issue.keys[0]!, KNOWN_KEYS[key] ?? []) : undefined;
    const advice = hint !== undefined ? `did you mean "${where}${hint}"?` : 'see the README for the keys a config file may hold';
    throw new KwigaError('USAGE', `Unknown ${source === 'flags' ? 'option' : 'key'} ${listed} in ${source}: ${advice}`);
  }
  const expected = EXPECTED[key] ?? EXPECTED[names.length > 1 ? `${names[0]}.*` : key] ?? EXPECTED[String(names[0])] ?? issue.message;
  // The value as the user wrote it ("150", not the 150 it was coerced to); a lone string that was
  // wrapped into a list is only found through the issue's own input.
  const got = valueAt(input, issue.path) ?? issue.input;
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  if (source === 'flags') throw new KwigaError('USAGE', `Invalid option --${kebab(String(names[0]))}: expected ${expected}, got ${shown}`);
  throw new KwigaError('USAGE', `Invalid value in ${source} at "${key}": expected ${expected}, got ${shown}`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Merges a config file's settings with flags (flags win, each key replaced whole), then validates the whole. */
export function mergeConfig(file: Record<string, unknown>, flags: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...file };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** A config file as read: its settings (paths made absolute) and its name for messages. */
export interface ConfigFile {
  /** The file's settings, validated, with relative paths resolved against the file's folder. */
  settings: Record<string, unknown>;
  /** The file as given (or the default name when discovered), for messages. */
  name: string;
}

/** Settings that hold paths: relative ones mean "beside the config file", as in tsconfig or ESLint. */
const PATH_KEYS = ['outDir', 'dnsCache', 'suppress'] as const;

/**
 * Reads `--config FILE`, or `kwiga-validate.config.json` in `cwd` when no file is given (undefined
 * when there is none). Throws a USAGE KwigaError naming the file for unreadable, non-JSON or
 * invalid content.
 */
export async function readConfigFile(file: string | undefined, cwd: string = process.cwd()): Promise<ConfigFile | undefined> {
  const discovered = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (file === undefined && !existsSync(discovered)) return undefined;
  const name = file ?? DEFAULT_CONFIG_FILE;
  const full = file === undefined ? discovered : resolve(cwd, file);
  const text = await readFile(full, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new KwigaError('USAGE', `Cannot read the config file ${name} (${error.code ?? error.message}): check --config`);
  });
  let parsed: unknown;
  try {
    // Windows editors (Notepad) save UTF-8 with a BOM, which JSON.parse refuses.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new KwigaError('USAGE', `${name} is not valid JSON (${(error as Error).message}): fix the file and run again`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KwigaError('USAGE', `${name} must hold a JSON object of settings`);
  }
  const settings = { ...(parsed as Record<string, unknown>) };
  parseConfig(settings, name);
  const base = dirname(full);
  // Kept relative to cwd (not made absolute) so reports name lists as short paths, the same on every machine.
  const rebase = (v: unknown) => (typeof v === 'string' && !isAbsolute(v) ? relative(cwd, resolve(base, v)) || '.' : v);
  if (resolve(base) !== resolve(cwd)) {
    for (const key of PATH_KEYS) {
      const value = settings[key];
      if (value !== undefined) settings[key] = Array.isArray(value) ? value.map(rebase) : rebase(value);
    }
  }
  return { settings, name };
}
