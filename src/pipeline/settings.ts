/**
 * Settings in, a validated `Config` out: flags and the config file are checked by the one schema
 * (model/config.ts), and its errors are worded here, naming the flag or the key's path and what it
 * expects — derived from the schema's own bounds and enums, so a bound is written once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { typoDistance } from '../checks/distance.js';
import { ConfigSchema, DEFAULT_CONFIG_FILE, EXPECTATIONS, type Config } from '../model/config.js';
import { KwigaError } from '../model/errors.js';
import { REASON_CODES } from '../model/findings.js';

/** A schema node's wrapper chain, outermost first: optional, default, preprocess/transform pipes. */
function layers(node: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [];
  for (let n: z.ZodType | undefined = node; n; ) {
    out.push(n);
    const def = n._zod.def as { type: string; innerType?: z.ZodType; out?: z.ZodType };
    n = def.type === 'optional' || def.type === 'default' ? def.innerType : def.type === 'pipe' ? def.out : undefined;
  }
  return out;
}

/** The innermost layer: what the value is checked against. */
const core = (node: z.ZodType) => layers(node).at(-1)!;

/** The schema node at a path of the settings (object keys, record values, array items). */
function nodeAt(path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = ConfigSchema;
  for (const key of path) {
    if (!node) return undefined;
    const def = core(node)._zod.def as { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType };
    if (def.type === 'object') node = def.shape![String(key)];
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'array') node = def.element;
    else return node;
  }
  return node;
}

/** The keys the object at a path may hold, for "did you mean" hints (a record's are its key enum's). */
function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  const node = nodeAt(path);
  if (!node) return [];
  const def = core(node)._zod.def as { type: string; shape?: Record<string, unknown>; keyType?: z.ZodType };
  if (def.type === 'object') return Object.keys(def.shape!);
  if (def.type === 'record') return ((core(def.keyType!) as z.ZodEnum).options as string[]) ?? [];
  return [];
}

/** A number's bounds in words: `an integer from 1 to 512`, `a whole number of days, at least 1`. */
function describeNumber(n: z.ZodNumber, hint: { unit?: string; noun?: string; of?: string }): string {
  // `.int()` alone bounds a number by the safe integers: no bound a person set.
  const bound = (v: number | null) => (v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const min = bound(n.minValue);
  const max = bound(n.maxValue);
  const noun = hint.noun ? `a ${hint.noun}` : n.isInt ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${hint.unit ? `${hint.unit}, ` : ''}${noun} from ${min} to ${max}`;
  const whole = n.isInt ? `a whole number${hint.of ? ` of ${hint.of}` : ''}` : noun;
  return min !== undefined ? `${whole}, at least ${min}` : max !== undefined ? `${whole}, at most ${max}` : whole;
}

/** What the setting at a path expects, from the schema: its registered phrase, else its type and bounds. */
function expectationAt(path: readonly PropertyKey[]): string | undefined {
  const node = nodeAt(path);
  if (!node) return undefined;
  const chain = layers(node);
  const hint = chain.map((n) => EXPECTATIONS.get(n)).find((e) => e !== undefined) ?? {};
  if (hint.expected) return hint.expected;
  const inner = chain.at(-1)!;
  const type = (inner._zod.def as { type: string }).type;
  if (type === 'number') return describeNumber(inner as z.ZodNumber, hint);
  if (type === 'enum') return `one of ${((inner as z.ZodEnum).options as string[]).join(', ')}`;
  if (type === 'boolean') return 'true or false';
  if (type === 'string') return 'a string';
  return undefined;
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
 * Validates settings. `source` names where they came from: `flags` (the CLI) gives
 * `Invalid option --concurrency: expected an integer from 1 to 512, got "abc"`; `options` (a
 * library caller) names the option as the caller wrote it, `Invalid option concurrency: …`; a file
 * name gives `Invalid value in cfg.json at "typo.maxDistance": expected an integer from 1 to 3, got 5`.
 */
export function parseConfig(input: unknown, source: 'flags' | 'options' | string): Config {
  const result = ConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const names = issue.path.filter((p) => typeof p === 'string');
  const key = names.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `${key}.` : '';
    const listed = issue.keys.map((k) => `"${where}${k}"`).join(', ');
    const hint = issue.keys.length === 1 ? closest(issue.keys[0]!, knownKeys(issue.path)) : undefined;
    const advice = hint !== undefined ? `did you mean "${where}${hint}"?` : 'see the README for the keys a config file may hold';
    if (source === 'options') throw new KwigaError('USAGE', `Unknown option ${listed}: ${advice}`);
    throw new KwigaError('USAGE', `Unknown ${source === 'flags' ? 'option' : 'key'} ${listed} in ${source}: ${advice}`);
  }
  // The phrase of the value itself (a list's item), else of the setting that holds it.
  const expected = expectationAt(issue.path) ?? expectationAt(names) ?? expectationAt(names.slice(0, 1)) ?? issue.message;
  // The value as the user wrote it ("150", not the 150 it was coerced to); a lone string that was
  // wrapped into a list is only found through the issue's own input.
  const got = valueAt(input, issue.path) ?? issue.input;
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  if (source === 'flags') throw new KwigaError('USAGE', `Invalid option --${kebab(String(names[0]))}: expected ${expected}, got ${shown}`);
  if (source === 'options') throw new KwigaError('USAGE', `Invalid option ${key}: expected ${expected}, got ${shown}`);
  throw new KwigaError('USAGE', `Invalid value in ${source} at "${key}": expected ${expected}, got ${shown}`);
}

/**
 * A run-level error for a library caller: the flags its message names (`--out-dir`, `--email-column`)
 * become the options the caller passes (`outDir`, `emailColumn`). Messages below the CLI are worded
 * for the command line, where most users meet them; flags and options are one-to-one (kebab-case
 * and camelCase of the same ConfigSchema key), so the rewrite is exact.
 */
export function inLibraryWords(error: unknown): unknown {
  if (!(error instanceof KwigaError)) return error;
  const keys = new Set(Object.keys(ConfigSchema.shape));
  const message = error.message.replace(/--([a-z][a-z-]*)/g, (flag, name: string) => {
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    return keys.has(key) ? key : flag;
  });
  if (message === error.message) return error;
  const rewritten = new KwigaError(error.code, message, { cause: error.cause });
  rewritten.stack = error.stack;
  return rewritten;
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
const PATH_KEYS = ['outDir', 'cache', 'dnsCache', 'suppress'] as const;

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
