/** The ordered-results core shared by validateFile and validateRows (src/pipeline/in-order.ts). */
import { describe, expect, it } from 'vitest';
import { inInputOrder } from '../src/pipeline/in-order.js';

/** A promise and its resolver. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function collect<R>(results: AsyncGenerator<R[]>): Promise<R[]> {
  const out: R[] = [];
  for await (const batch of results) out.push(...batch);
  return out;
}

describe('inInputOrder', () => {
  it('keeps input order when later items finish first', async () => {
    const slow = deferred<string>();
    const check = (n: number) => (n === 2 ? slow.promise : n === 4 ? Promise.resolve('four') : `r${n}`);
    const results = inInputOrder([[1, 2, 3], [4, 5]], check, { lookAhead: 100 });
    const first = await results.next();
    expect(first.value).toEqual(['r1']);
    const rest = (async () => {
      const out: string[] = [];
      for await (const batch of results) out.push(...batch);
      return out;
    })();
    slow.resolve('two');
    expect(await rest).toEqual(['two', 'r3', 'four', 'r5']);
  });

  it('reads no further than the look-ahead past the oldest unfinished item', async () => {
    const head = deferred<number>();
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield [i];
      }
    }
    const results = inInputOrder(source(), (n) => (n === 0 ? head.promise : n), { lookAhead: 10 });
    const next = results.next();
    // The source is read while the head waits, until 10 items are held back.
    while (pulled < 10) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(pulled).toBe(10);
    head.resolve(0);
    expect((await next).value).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await results.return(undefined);
  });

  it('yields results as soon as they are ready even while the source is stuck', async () => {
    const stuck = deferred<void>();
    async function* source() {
      yield ['a'];
      await stuck.promise;
      yield ['b'];
    }
    const results = inInputOrder(source(), (s) => Promise.resolve(s.toUpperCase()), { lookAhead: 10 });
    expect((await results.next()).value).toEqual(['A']);
    stuck.resolve();
    expect((await results.next()).value).toEqual(['B']);
    expect((await results.next()).done).toBe(true);
  });

  it('ends with ABORTED on an abort, also while waiting, and stops the source', async () => {
    const controller = new AbortController();
    let returned = false;
    const source = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false as const, value: [1] }),
        return: async () => {
          returned = true;
          return { done: true as const, value: undefined };
        },
      }),
    };
    const never = new Promise<number>(() => undefined);
    const results = inInputOrder(source, () => never, { lookAhead: 5, signal: controller.signal });
    const next = results.next();
    setImmediate(() => controller.abort());
    await expect(next).rejects.toMatchObject({ code: 'ABORTED' });
    expect(returned).toBe(true);
  });

  it('passes on an error of a check, in order', async () => {
    const results = inInputOrder([[1, 2]], (n) => (n === 2 ? Promise.reject(new Error('boom')) : n), { lookAhead: 5 });
    await expect(collect(results)).rejects.toThrow('boom');
  });

  it('an empty source gives nothing', async () => {
    expect(await collect(inInputOrder([], (n: number) => n, { lookAhead: 5 }))).toEqual([]);
  });
});
