/**
 * The one ordered-results core behind `validateFile` and `validateRows`: items in, results out in
 * input order, with bounded look-ahead and an AbortSignal.
 *
 * Most rows are decided synchronously; a row waiting for its domain's DNS answer (or, later, an
 * SMTP probe) holds back the rows after it, but the source keeps being read, up to `lookAhead`
 * items beyond the oldest unfinished one, so other lookups run meanwhile. Results come out in
 * arrays of consecutive finished items, so a million offline rows cost a few thousand awaits,
 * not a million.
 */
import { abortable, stopped } from '../model/abort.js';

/** Options of {@link inInputOrder}. */
export interface InOrderOptions {
  /** Items read beyond the oldest unfinished one before reading pauses (bounds memory). */
  lookAhead: number;
  /** Stops the run: the generator then throws a KwigaError with code `ABORTED`, also mid-wait. */
  signal?: AbortSignal | undefined;
}

/** An item whose result is still on its way. */
class Pending<R> {
  /** Set once settled. */
  ready = false;
  /** The result, once settled without error. */
  result: R | undefined;
  /** The error, once settled with one. */
  error: unknown;
  /** Settles (never rejects) when the result is known. */
  readonly settled: Promise<void>;

  constructor(promise: Promise<R>) {
    this.settled = promise.then(
      (result) => {
        this.result = result;
        this.ready = true;
      },
      (error: unknown) => {
        this.error = error;
        this.ready = true;
      },
    );
  }
}

/** Compact the queue once this many finished slots sit at its front (and they are most of it). */
const COMPACT_AT = 4096;

/**
 * Checks every item of `source` (batches of items, as a reader produces them) with `check` and
 * yields the results in input order, each array holding the consecutive results finished so far.
 * Breaking out of the loop, an error or an abort ends the source (`return()` is called on it).
 */
export async function* inInputOrder<T, R>(
  source: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
  check: (item: T) => R | Promise<R>,
  options: InOrderOptions,
): AsyncGenerator<R[], void, undefined> {
  const { lookAhead, signal } = options;
  const isAsync = Symbol.asyncIterator in source;
  const iterator = isAsync
    ? (source as AsyncIterable<readonly T[]>)[Symbol.asyncIterator]()
    : (source as Iterable<readonly T[]>)[Symbol.iterator]();
  const queue: (R | Pending<R> | undefined)[] = [];
  let head = 0;
  let exhausted = false;
  let next: Promise<IteratorResult<readonly T[]>> | undefined;
  try {
    for (;;) {
      if (signal?.aborted) throw stopped();
      const ready: R[] = [];
      while (head < queue.length) {
        const item = queue[head];
        if (item instanceof Pending) {
          if (!item.ready) break;
          if (item.error !== undefined) throw item.error;
          ready.push(item.result as R);
        } else {
          ready.push(item as R);
        }
        queue[head++] = undefined;
      }
      if (head > COMPACT_AT && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      if (ready.length > 0) {
        yield ready;
        continue;
      }
      if (exhausted && head === queue.length) return;
      const waiting = head < queue.length ? (queue[head] as Pending<R>).settled : undefined;
      if (exhausted || queue.length - head >= lookAhead) {
        await abortable(waiting!, signal);
        continue;
      }
      let got: IteratorResult<readonly T[]> | void;
      if (!isAsync) {
        got = (iterator as Iterator<readonly T[]>).next();
      } else {
        next ??= (iterator as AsyncIterator<readonly T[]>).next();
        // Race the source with the oldest unfinished item, so results leave as soon as they are
        // ready even when the source is slow (a queue, a network stream, a person typing).
        got = await abortable(waiting ? Promise.race([next, waiting]) : next, signal);
        if (got === undefined) continue;
        next = undefined;
      }
      if (got.done) {
        exhausted = true;
        continue;
      }
      for (const item of got.value) {
        const result = check(item);
        queue.push(result instanceof Promise ? new Pending(result) : result);
      }
    }
  } finally {
    // An early end (break, abort, error) tells the source to stop; a source blocked in next() is
    // not waited for.
    if (!exhausted) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
