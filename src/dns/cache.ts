/**
 * `--cache FILE` (earlier `--dns-cache`): domain verdicts with an expiry from their DNS TTLs, so a
 * rerun (or a CI job) reaches the same verdicts without asking again. Only facts are cached;
 * errors are not. TTLs are clamped as recursive resolvers do (unbound: cache-max-ttl 86400 s,
 * cache-max-negative-ttl 3600 s), so a stale file cannot pin an answer for weeks.
 *
 * The file is the run's one answer cache: other parts keep their answers in sections of their own
 * (`mailboxes`: the SMTP answers of --smtp), which this module keeps as they are and writes back.
 */
import { constants } from 'node:fs';
import { access, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MESSAGE_ARGS } from '../model/messages.js';
import type { DnsMessageKey, MailRoute } from './mail-route.js';

/** One cached domain verdict. */
export interface DnsCacheEntry {
  /** The verdict kind (never `error`). */
  kind: 'mail' | 'not_found' | 'no_mail';
  /** The `dns.*` message key, for negative verdicts. */
  why?: DnsMessageKey;
  /** For `mail`: the hosts mail goes to, in preference order (MX exchanges, or the domain itself). */
  hosts?: string[];
  /** When the entry stops being fresh, ms since the epoch. */
  expiresAt: number;
}

/** The file could not be read as a cache; the message is a plain sentence. */
export class DnsCacheError extends Error {
  override readonly name = 'DnsCacheError';
}

const FORMAT = 'kwiga-validate/dns-cache';
const MAX_POSITIVE_TTL = 86_400;
const MAX_NEGATIVE_TTL = 3_600;
const KINDS = new Set(['mail', 'not_found', 'no_mail']);
/** Top-level keys this module owns; any other key is a section of another part, kept as it is. */
const OWN_KEYS = new Set(['format', 'version', 'entries']);
/** A host name as the cache may hold it (letters, digits, hyphens, dots, underscores; RFC 1123 and SRV-style labels). */
const HOST_NAME = /^[a-z0-9_](?:[a-z0-9_.-]{0,252})$/;

/** In-memory view of a cache file. */
export class DnsCache {
  private readonly entries = new Map<string, DnsCacheEntry>();
  private readonly sections = new Map<string, unknown>();
  private dirty = false;

  /** Reads `file`; a missing file is an empty cache (the first run creates it). */
  static async load(file: string): Promise<DnsCache> {
    const cache = new DnsCache();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return cache;
      throw new DnsCacheError(`Cannot read the answer cache ${file}: ${(error as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new DnsCacheError(`The answer cache ${file} is not valid JSON; delete it or pass another --cache file.`);
    }
    const entries = (data as { format?: unknown; entries?: unknown } | null)?.entries;
    if ((data as { format?: unknown } | null)?.format !== FORMAT || typeof entries !== 'object' || entries === null) {
      throw new DnsCacheError(`${file} is not a kwiga-validate answer cache; delete it or pass another --cache file.`);
    }
    for (const [domain, value] of Object.entries(entries as Record<string, unknown>)) {
      const entry = value as Partial<DnsCacheEntry> | null;
      // Skip entries we cannot trust rather than failing the whole run.
      if (!entry || !KINDS.has(entry.kind as string) || typeof entry.expiresAt !== 'number') continue;
      const clean: DnsCacheEntry = { kind: entry.kind!, expiresAt: entry.expiresAt };
      if (isDnsKey(entry.why)) clean.why = entry.why;
      if (entry.kind === 'mail' && Array.isArray(entry.hosts) && entry.hosts.length > 0 && entry.hosts.every(isHostName)) {
        clean.hosts = entry.hosts.slice();
      }
      cache.entries.set(domain, clean);
    }
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) if (!OWN_KEYS.has(key)) cache.sections.set(key, value);
    return cache;
  }

  /**
   * Throws a DnsCacheError unless `file` can be written at the end of the run: its folder exists
   * and is writable, and the file, if there, is too. Checked before any lookup, so a cache that
   * cannot be saved never costs a finished run.
   */
  static async checkWritable(file: string): Promise<void> {
    const folder = dirname(resolve(file));
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      const why = info.code === 'ENOENT' ? 'does not exist' : `cannot be used (${info.code ?? info.message})`;
      throw new DnsCacheError(`The cache file ${file} cannot be saved: its folder ${folder} ${why}. Create the folder or choose another cache file.`);
    }
    if (!info.isDirectory()) throw new DnsCacheError(`The cache file ${file} cannot be saved: ${folder} is not a folder. Choose another cache file.`);
    const denied = await access(folder, constants.W_OK).then(
      () => access(file, constants.W_OK).then(() => undefined, (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error)),
      (error: NodeJS.ErrnoException) => error,
    );
    if (denied) {
      throw new DnsCacheError(`The cache file ${file} cannot be saved (${denied.code ?? denied.message}). Choose a cache file in a folder you can write to.`);
    }
  }

  /** Another part's section of the file as read (undefined when absent); the part validates it. */
  section(name: string): unknown {
    return this.sections.get(name);
  }

  /** Replaces another part's section; written by the next `save`. */
  setSection(name: string, value: unknown): void {
    if (OWN_KEYS.has(name)) throw new RangeError(`${name} is not a section name`);
    this.sections.set(name, value);
    this.dirty = true;
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry for `domain` if fresh at `now`, or any entry when `allowExpired` (offline runs). */
  get(domain: string, now: number, allowExpired: boolean): DnsCacheEntry | undefined {
    const entry = this.entries.get(domain);
    if (!entry) return undefined;
    return allowExpired || entry.expiresAt > now ? entry : undefined;
  }

  /** Stores a verdict (errors are not facts and are not stored); `hosts` for a `mail` verdict. */
  put(domain: string, verdict: MailRoute, now: number, hosts?: readonly string[]): void {
    if (verdict.kind === 'error') return;
    const cap = verdict.kind === 'mail' ? MAX_POSITIVE_TTL : MAX_NEGATIVE_TTL;
    const ttl = Math.max(0, Math.min(cap, Number.isFinite(verdict.ttl) ? verdict.ttl : cap));
    const entry: DnsCacheEntry = { kind: verdict.kind, expiresAt: now + ttl * 1000 };
    if (verdict.why !== undefined) entry.why = verdict.why;
    if (hosts?.length) entry.hosts = [...hosts];
    this.entries.set(domain, entry);
    this.dirty = true;
  }

  /** Writes the file atomically: a temporary file beside it, then rename (same file system). */
  async save(file: string): Promise<void> {
    if (!this.dirty) return;
    const sorted = [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Version 2 added `hosts` and the sections; version 1 files load as they are.
    const document = { format: FORMAT, version: 2, entries: Object.fromEntries(sorted), ...Object.fromEntries(this.sections) };
    const body = JSON.stringify(document, null, 1);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, body + '\n', 'utf8');
      await rename(temporary, file);
    } catch (error) {
      // A full disk leaves a half-written temporary file: never leave it behind.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    this.dirty = false;
  }
}

function isHostName(value: unknown): value is string {
  return typeof value === 'string' && HOST_NAME.test(value);
}

/** A message key of the DNS stage (a cache file written by another version may hold others). */
function isDnsKey(why: unknown): why is DnsMessageKey {
  return typeof why === 'string' && why.startsWith('dns.') && Object.hasOwn(MESSAGE_ARGS, why);
}
