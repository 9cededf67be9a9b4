import { z } from 'zod';
import { REASON_CODES } from './findings.js';
import { ENCODINGS } from './io/encoding.js';
import { KwigaError } from './errors.js';

const bucket = z.enum(['clean', 'review', 'rejected']);

/** Turns "12" into 12 so flags (strings) and config files (numbers) share one schema. */
const numeric = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);
/** A flag given once is a string; repeatable flags and config files give arrays. */
const list = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().min(1)));
const domainList = z.array(z.string().min(1).transform((s) => s.trim().toLowerCase()));

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/**
 * Every setting: the long flags in camelCase plus config-only keys. One schema normalises flags
 * and the config file; `.strict()` makes an unknown config key an error with its path.
 */
export const ConfigSchema = z
  .object({
    outDir: z.string().min(1).optional(),
    emailColumn: z.union([numeric(z.number().int().min(1)), z.string().min(1)]).optional(),
    delimiter: z
      .string()
      .transform((s) => DELIMITER_NAMES[s.toLowerCase()] ?? s)
      .pipe(z.enum([',', ';', '\t', '|']))
      .optional(),
    encoding: z
      .string()
      .transform((s) => normalizeEncodingName(s))
      .pipe(z.enum(ENCODINGS))
      .optional(),
    offline: z.boolean().default(false),
    dnsServer: list.default([]),
    dnsTimeout: numeric(z.number().int().min(100).max(60_000)).optional(),
    concurrency: numeric(z.number().int().min(1).max(512)).optional(),
    dnsCache: z.string().min(1).optional(),
    suppress: list.default([]),
    failOnRejected: numeric(z.number().min(0).max(100)).optional(),
    failOnReview: numeric(z.number().min(0).max(100)).optional(),
    json: z.boolean().default(false),
    lang: z.enum(['en', 'uk', 'it']).default('en'),
    reportUnmasked: z.boolean().default(false),
    quiet: z.boolean().default(false),
    color: z.boolean().optional(),
    bom: z.boolean().default(false),
    policy: z.partialRecord(z.enum(REASON_CODES), bucket).default({}),
    allowDomains: domainList.default([]),
    disposableAllow: domainList.default([]),
    roleNames: z.array(z.string().min(1).transform((s) => s.toLowerCase())).default([]),
    typo: z.object({ maxDistance: numeric(z.number().int().min(1).max(3)).optional() }).strict().default({}),
    suppression: z
      .object({
        softBounceEscalation: z
          .object({ count: numeric(z.number().int().min(1)), days: numeric(z.number().int().min(1)) })
          .strict()
          .optional(),
        softBounceExpiryDays: numeric(z.number().int().min(1)).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** The normalised settings of a run. */
export type Config = z.output<typeof ConfigSchema>;
/** Settings as a caller may give them (library options, config file). */
export type ConfigInput = z.input<typeof ConfigSchema>;

/** What each setting expects, for error messages. */
const EXPECTED: Record<string, string> = {
  outDir: 'a folder path',
  emailColumn: 'a column name or a 1-based column number',
  delimiter: 'one of , ; tab |',
  encoding: `one of ${ENCODINGS.join(', ')}`,
  dnsServer: 'host[:port]',
  dnsTimeout: 'milliseconds, an integer from 100 to 60000',
  concurrency: 'an integer from 1 to 512',
  failOnRejected: 'a percentage from 0 to 100',
  failOnReview: 'a percentage from 0 to 100',
  lang: 'one of en, uk, it',
  policy: 'an object mapping reason codes to clean, review or rejected',
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

/**
 * Validates settings. `source` names where they came from: `flags` gives
 * `Invalid option --concurrency: expected an integer from 1 to 512, got "abc"`, a file name gives
 * `Invalid value in cfg.json at "typo.maxDistance": …`.
 */
export function parseConfig(input: unknown, source: 'flags' | string): Config {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  const top = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `${key}.` : '';
    const names = issue.keys.map((k) => `"${where}${k}"`).join(', ');
    throw new KwigaError('USAGE', `Unknown key ${names} in ${source}: see the README for the keys a config file may hold`);
  }
  const got = valueAt(input, issue.path);
  const expected = EXPECTED[top] ?? issue.message;
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  if (source === 'flags') throw new KwigaError('USAGE', `Invalid option --${kebab(top)}: expected ${expected}, got ${shown}`);
  throw new KwigaError('USAGE', `Invalid value in ${source} at "${key}": expected ${expected}, got ${shown}`);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Merges a config file's settings with flags (flags win), then validates the whole. */
export function mergeConfig(file: Record<string, unknown>, flags: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...file };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  return merged;
}
