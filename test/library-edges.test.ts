/**
 * Issue 16.10: the library's edges, on the BUILT package. Library callers get errors in their own
 * words (the option as they pass it, never a `--flag`), a KwigaError for an item that is no address
 * or record, and a record without the address key is missing_email, never judged by another field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';

const { validateFile, validateRows, KwigaError } = await import('kwiga-validate');

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('validateRows: items that are no address or record', () => {
  it.each([
    [null, 'Item 1 is null'],
    [undefined, 'Item 1 is undefined'],
    [42, 'Item 1 is a number'],
    [true, 'Item 1 is a boolean'],
  ])('%s is a KwigaError in library words, not a bare TypeError', async (item, start) => {
    const error = await failure(collect(validateRows([item as never], { offline: true })));
    expect(error).toBeInstanceOf(KwigaError);
    expect(error).toMatchObject({ code: 'INPUT' });
    expect((error as Error).message).toMatch(new RegExp(`^${start}: validateRows takes addresses \\(strings\\) or records`));
  });

  it('a later bad item names its position; the rows before it were given', async () => {
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const row of validateRows(['olena.k@gmail.com', null as never], { offline: true })) seen.push(row.bucket);
      })(),
    );
    expect(seen).toEqual(['clean']);
    expect((error as Error).message).toMatch(/^Item 2 is null/);
  });
});

describe('a record without the address key', () => {
  it('is missing_email, not judged by another field that holds an address', async () => {
    const rows = await collect(
      validateRows(
        [
          { email: 'olena.k@gmail.com', note: 'x' },
          { note: 'ivan@ukr.net', name: 'Ivan' },
          { name: 'Anna', email: 'anna@ukr.net' },
        ],
        { offline: true },
      ),
    );
    expect(rows.map((r) => [r.bucket, r.reason ?? null])).toEqual([
      ['clean', null],
      ['rejected', 'missing_email'],
      ['clean', null],
    ]);
  });

  it('with emailColumn given: the same', async () => {
    const rows = await collect(validateRows([{ work: 'anna.koval@gmail.com' }, { home: 'bohdan.koval@gmail.com' }], { offline: true, emailColumn: 'work' }));
    expect(rows.map((r) => r.reason ?? null)).toEqual([null, 'missing_email']);
  });
});

describe('errors name options as library callers pass them', () => {
  const list = join(tempDir('kwiga-lib-edges-'), 'list.csv');
  writeFileSync(list, 'Name,Email\nOlena,olena.k@gmail.com\n');

  it.each([
    [{ concurrency: 'abc' }, 'Invalid option concurrency: expected an integer from 1 to 512, got "abc"'],
    [{ dnsTimeout: 5 }, 'Invalid option dnsTimeout: expected milliseconds, an integer from 100 to 60000, got 5'],
    [{ concurrensy: 8 }, 'Unknown option "concurrensy": did you mean "concurrency"?'],
    [{ typo: { maxDistance: 9 } }, 'Invalid option typo.maxDistance: expected an integer from 1 to 3, got 9'],
  ])('validateFile %j', async (options, message) => {
    const error = await failure(validateFile(list, { offline: true, ...(options as object) }));
    expect(error).toMatchObject({ code: 'USAGE', message });
  });

  it('validateRows too', async () => {
    const error = await failure(collect(validateRows(['a@gmail.com'], { offline: true, lang: 'de' as never })));
    expect(error).toMatchObject({ code: 'USAGE', message: 'Invalid option lang: expected one of en, uk, it, got "de"' });
  });

  it('messages from below the options (an unknown column, an out dir) name options too', async () => {
    const column = await failure(validateFile(list, { offline: true, emailColumn: 'Mail', outDir: tempDir() }));
    expect((column as Error).message).toBe('list.csv has no column "Mail": check emailColumn');
    const out = await failure(validateFile(list, { offline: true, outDir: '/proc/kwiga' }));
    expect((out as Error).message).toMatch(/choose another with outDir$/);
    expect(String((out as Error).message)).not.toMatch(/--/);
  });
});
