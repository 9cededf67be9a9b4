import type { ConfigInput } from '../model/config.js';
import { inLibraryWords, parseConfig } from './settings.js';
import type { DomainChecker } from '../dns/domain-checker.js';
import { stopped } from '../model/abort.js';
import { KwigaError } from '../model/errors.js';
import { headerScore, looksLikeEmail } from '../io/detect.js';
import type { RowResult } from '../model/row.js';
import { createParts } from './parts.js';
import { inInputOrder } from './in-order.js';
import { stringsFor } from '../report/i18n/index.js';
import { renderDetail, renderMessage } from '../report/i18n/render.js';
import { LOOK_AHEAD } from './validate-file.js';

/**
 * One input item: an address, or a record (`{ name, email }`, a parsed CSV row, a database row)
 * whose address is in `emailColumn` (a key, or a 1-based position among the record's values) or,
 * when that is not given, in the key named most like an address column (`Email`, `E-mail`, …).
 * Non-string values are read as text; `null`/`undefined` as an empty cell.
 */
export type RowInput = string | Readonly<Record<string, unknown>>;

/** A checked row as `validateRows` yields it: the result, with its detail in words (`lang`). */
export interface ValidatedRow extends RowResult {
  /** Plain sentences saying why, primary reason first (validation_detail); empty for a clean row. */
  detail: string;
}

/** Options of `validateRows`: the same settings as the CLI, plus hooks. */
export interface ValidateRowsOptions extends ConfigInput {
  /** Stops the run: the generator then throws a KwigaError with code `ABORTED`, also while waiting for DNS. */
  signal?: AbortSignal;
  /** A ready domain checker (custom resolver, tests). */
  domainChecker?: DomainChecker;
  /** Called with a plain warning line (the DNS server was unavailable, …) when the source is exhausted. */
  onWarning?: (message: string) => void;
}

/**
 * Checks rows from any (async) iterable and yields typed results in input order, each as soon as
 * it and every row before it are decided: a row waiting for a slow DNS answer holds back the rows
 * after it, but the source keeps being read (up to LOOK_AHEAD rows ahead) so other lookups run
 * meanwhile. `row.line` is the 1-based position of the item. Breaking out of the loop ends the run.
 */
export async function* validateRows(
  source: AsyncIterable<RowInput> | Iterable<RowInput>,
  options: ValidateRowsOptions = {},
): AsyncGenerator<ValidatedRow> {
  try {
    yield* checkRows(source, options);
  } catch (error) {
    throw inLibraryWords(error);
  }
}

async function* checkRows(source: AsyncIterable<RowInput> | Iterable<RowInput>, options: ValidateRowsOptions): AsyncGenerator<ValidatedRow> {
  const { signal, domainChecker, onWarning, ...settings } = options;
  const config = parseConfig(settings, 'options');
  if (signal?.aborted) throw stopped();
  const parts = await createParts(config, domainChecker, signal);
  const { engine } = parts;
  const locate = columnLocator(config.emailColumn);
  const strings = stringsFor(config.lang);
  let closed = false;
  let line = 0;
  const check = (value: RowInput): RowResult | Promise<RowResult> => {
    line++;
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) {
      const what = value === null ? 'null' : value === undefined ? 'undefined' : `a ${typeof value}`;
      throw new KwigaError('INPUT', `Item ${line} is ${what}: validateRows takes addresses (strings) or records (objects, like { email: "…" })`);
    }
    const fields = typeof value === 'string' ? [value] : Object.values(value).map(cellText);
    const index = typeof value === 'string' ? 0 : locate(value, fields, line);
    return engine.process({ line, fields }, index);
  };
  try {
    for await (const batch of inInputOrder(batches(source), check, { lookAhead: LOOK_AHEAD, signal })) {
      for (const result of batch) {
        yield { ...result, detail: renderDetail(result, strings) };
        if (signal?.aborted) throw stopped();
      }
    }
    closed = true;
    await parts.close();
    for (const warning of parts.warnings()) onWarning?.(renderMessage(warning, strings));
  } finally {
    // The caller stopped early (break, abort, an error): no lookup or session outlives the loop.
    if (!closed) await parts.dispose();
  }
}

/**
 * The source as one-item batches: an item is pulled only when the core wants one, so a source with
 * side effects (a cursor, a queue) is read no further ahead than the look-ahead needs.
 */
function batches(source: AsyncIterable<RowInput> | Iterable<RowInput>): AsyncIterable<RowInput[]> | Iterable<RowInput[]> {
  if (Symbol.asyncIterator in source) {
    const items = source as AsyncIterable<RowInput>;
    return {
      [Symbol.asyncIterator]: () => {
        const inner = items[Symbol.asyncIterator]();
        return {
          next: async () => {
            const r = await inner.next();
            return r.done ? { done: true, value: undefined } : { done: false, value: [r.value] };
          },
          return: async () => {
            await inner.return?.();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }
  const items = source as Iterable<RowInput>;
  return {
    [Symbol.iterator]: () => {
      const inner = items[Symbol.iterator]();
      return {
        next: () => {
          const r = inner.next();
          return r.done ? { done: true, value: undefined } : { done: false, value: [r.value] };
        },
        return: () => {
          inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
}

/** Finds the address among a record's values: the index into `fields` (-1: the record has no such key). */
type Locator = (record: Readonly<Record<string, unknown>>, fields: string[], line: number) => number;

/**
 * Records from one source nearly always share their keys, so the column is found once per key list
 * (kept for the last list seen) instead of once per row. Like the CLI's detection: the given
 * `emailColumn`, else the key named most like an address column, else the value that looks like an
 * address; a first record with neither is a run-level error (SPEC exit 2: no email column found).
 * Once found, the address key stays the column: a later record without it has an empty address
 * cell (missing_email), as a CSV row with an empty cell would, and is never judged by another field.
 */
function columnLocator(column: string | number | undefined): Locator {
  let lastKeys: string[] = [];
  let lastIndex = -1;
  let addressKey = typeof column === 'string' ? column : undefined;
  return (record, fields, line) => {
    const keys = Object.keys(record);
    if (keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i])) return lastIndex;
    lastKeys = keys;
    if (typeof column === 'number') return (lastIndex = column - 1);
    if (addressKey !== undefined) return (lastIndex = keys.indexOf(addressKey));
    lastIndex = locateIn(keys, fields);
    if (lastIndex < 0) {
      throw new KwigaError('INPUT', `Item ${line} has no key that looks like an email address (${keys.join(', ') || 'no keys'}): pass emailColumn`);
    }
    addressKey = keys[lastIndex];
    return lastIndex;
  };
}

function locateIn(keys: string[], fields: string[]): number {
  if (keys.length === 1) return 0;
  let best = -1;
  let bestScore = 0;
  keys.forEach((key, i) => {
    const score = headerScore(key);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best >= 0 ? best : fields.findIndex(looksLikeEmail);
}
