import { parseConfig, type ConfigInput } from './config.js';
import type { DomainChecker } from './dns/checker.js';
import { abortable, stopped } from './abort.js';
import { KwigaError } from './errors.js';
import { headerScore, looksLikeEmail } from './io/detect.js';
import type { RowResult } from './row.js';
import { createParts } from './parts.js';

/**
 * One input item: an address, or a record (`{ name, email }`, a parsed CSV row, a database row)
 * whose address is in `emailColumn` (a key, or a 1-based position among the record's values) or,
 * when that is not given, in the key named most like an address column (`Email`, `E-mail`, …).
 * Non-string values are read as text; `null`/`undefined` as an empty cell.
 */
export type RowInput = string | Readonly<Record<string, unknown>>;

/** Options of `validateRows`: the same settings as the CLI, plus hooks. */
export interface ValidateRowsOptions extends ConfigInput {
  /** Stops the run: the generator then throws a KwigaError with code `ABORTED`, also while waiting for DNS. */
  signal?: AbortSignal;
  /** A ready domain checker (custom resolver, tests). */
  domainChecker?: DomainChecker;
  /** Called with a plain warning line (the DNS server was unavailable, …) when the source is exhausted. */
  onWarning?: (message: string) => void;
}

/** Results held back behind a row still waiting for DNS before the source is no longer read (bounds memory). */
const IN_FLIGHT = 10_000;

/** A row in the queue: its result once known, and the promise until then. */
interface Slot {
  /** The result, once known. */
  result?: RowResult;
  /** Settles when the DNS answer came (absent for rows decided synchronously). */
  settled?: Promise<void>;
}


/**
 * Checks rows from any (async) iterable and yields typed results in input order, each as soon as
 * it and every row before it are decided: a row waiting for a slow DNS answer holds back the rows
 * after it, but the source keeps being read (up to IN_FLIGHT rows ahead) so other lookups run
 * meanwhile. `row.line` is the 1-based position of the item. Breaking out of the loop ends the run.
 */
export async function* validateRows(
  source: AsyncIterable<RowInput> | Iterable<RowInput>,
  options: ValidateRowsOptions = {},
): AsyncGenerator<RowResult> {
  const { signal, domainChecker, onWarning, ...settings } = options;
  const config = parseConfig(settings, 'flags');
  if (signal?.aborted) throw stopped();
  const parts = await createParts(config, domainChecker);
  const { engine } = parts;
  const column = config.emailColumn;
  const locate = columnLocator(column);
  const isAsync = Symbol.asyncIterator in source;
  const iterator = isAsync ? (source as AsyncIterable<RowInput>)[Symbol.asyncIterator]() : (source as Iterable<RowInput>)[Symbol.iterator]();
  const queue: Slot[] = [];
  let head = 0;
  let line = 0;
  let done = false;
  let next: Promise<IteratorResult<RowInput>> | undefined;
  try {
    while (!done || head < queue.length) {
      while (head < queue.length && queue[head]!.result !== undefined) {
        const slot = queue[head]!;
        queue[head++] = EMPTY;
        yield slot.result!;
        if (signal?.aborted) throw stopped();
      }
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      const waiting = head < queue.length ? queue[head]!.settled : undefined;
      if (done || queue.length - head >= IN_FLIGHT) {
        if (waiting) await abortable(waiting, signal);
        continue;
      }
      let item: IteratorResult<RowInput>;
      if (!isAsync) {
        item = (iterator as Iterator<RowInput>).next();
      } else {
        next ??= (iterator as AsyncIterator<RowInput>).next();
        if (!waiting && !signal) {
          item = await next;
        } else {
          // Race the source with the head row's DNS answer, so a row is yielded as soon as it is
          // ready even when the source is slow (a queue, a network stream).
          // `waiting` resolves to undefined, the source to an IteratorResult object.
          const first = await abortable(waiting ? Promise.race([next, waiting]) : next, signal);
          if (first === undefined) continue;
          item = first;
        }
        next = undefined;
      }
      if (signal?.aborted) throw stopped();
      if (item.done) {
        done = true;
        continue;
      }
      line++;
      const value = item.value;
      const fields = typeof value === 'string' ? [value] : Object.values(value).map(cellText);
      const index = typeof value === 'string' ? 0 : locate(value, fields, line);
      const processed = engine.process({ line, fields }, index);
      if (processed instanceof Promise) {
        const slot: Slot = {};
        slot.settled = processed.then((result) => {
          slot.result = result;
        });
        queue.push(slot);
      } else {
        queue.push({ result: processed });
      }
    }
    const warning = parts.optional.dns?.warning;
    if (warning) onWarning?.(warning);
  } finally {
    // An early exit (break, abort, error) tells the source to stop; a source blocked in next() is not awaited.
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    await parts.close();
  }
}

const EMPTY: Slot = {};

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
}

/** Finds the address among a record's values: the index into `fields` (-1: the record has no such key). */
type Locator = (record: Readonly<Record<string, unknown>>, fields: string[], line: number) => number;

/**
 * Records from one source nearly always share their keys, so the column is found once per key list
 * (kept for the last list seen) instead of once per row. Like the CLI's detection: the given
 * `emailColumn`, else the key named most like an address column, else the value that looks like an
 * address; a record with neither is a run-level error (SPEC exit 2: no email column found).
 */
function columnLocator(column: string | number | undefined): Locator {
  let lastKeys: string[] = [];
  let lastIndex = -1;
  return (record, fields, line) => {
    const keys = Object.keys(record);
    if (keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i])) return lastIndex;
    lastKeys = keys;
    lastIndex = locateIn(keys, fields, column);
    if (lastIndex < 0 && column === undefined) {
      throw new KwigaError('INPUT', `Item ${line} has no key that looks like an email address (${keys.join(', ') || 'no keys'}): pass emailColumn`);
    }
    return lastIndex;
  };
}

function locateIn(keys: string[], fields: string[], column: string | number | undefined): number {
  if (typeof column === 'number') return column - 1;
  if (column !== undefined) return keys.indexOf(column);
  if (keys.length === 1) return 0;
  let best = -1;
  let bestScore = 0;
  keys.forEach((key, i) => {
    const score = headerScore(key);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best >= 0 ? best : fields.findIndex(looksLikeEmail);
}
