import { describe, expect, it } from 'vitest';
import { extractAddress, type Extraction } from '../src/normalize.js';
import { checkSyntax } from '../src/syntax.js';

const single = (address: string): Extraction => ({ kind: 'single', address });
const multiple = (...addresses: string[]): Extraction => ({ kind: 'multiple', addresses });
const EMPTY: Extraction = { kind: 'empty' };

/** [cell, expected extraction] — SPEC "Normalization of the address". */
const CASES: [string, Extraction][] = [
  ['olena@gmail.com', single('olena@gmail.com')],
  ['', EMPTY],
  ['   ', EMPTY],
  ['\u00a0\u200b\ufeff\u2060\u200c\u200d', EMPTY],
  ['  olena@gmail.com\t', single('olena@gmail.com')],
  ['\u00a0olena@gmail.com\u00a0', single('olena@gmail.com')],
  ['\u200bolena@gmail.com\u200b', single('olena@gmail.com')],
  ['\ufeffolena@gmail.com', single('olena@gmail.com')],
  ['olena@gmail.com\u2060', single('olena@gmail.com')],
  ['mailto:olena@gmail.com', single('olena@gmail.com')],
  ['MAILTO:Olena@Gmail.com', single('Olena@Gmail.com')],
  ['mailto:olena@gmail.com?subject=Hi&body=x', single('olena@gmail.com')],
  ['mailto:john%2Bdoe@x.com', single('john+doe@x.com')],
  ['Ivan Petrenko <ivan@x.com>', single('ivan@x.com')],
  ['"Doe, John" <j@x.com>', single('j@x.com')],
  ['Doe, John <j@x.com>', single('j@x.com')],
  ['<ivan@x.com>', single('ivan@x.com')],
  ['<mailto:ivan@x.com>', single('ivan@x.com')],
  ['Ivan <Ivan.Petrenko@X.com>', single('Ivan.Petrenko@X.com')],
  ['j@x.com <j@x.com>', single('j@x.com')],
  ['"a,b"@x.com', single('"a,b"@x.com')],
  ['a@x.com;', single('a@x.com')],
  [';a@x.com,', single('a@x.com')],
  ['a@x.com; a@x.com', single('a@x.com')],
  ['e\u0301lise@x.com', single('\u00e9lise@x.com')],
  ['ivan@pos\u030cta.cz', single('ivan@po\u0161ta.cz')],
  ['a@x.com; b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com,b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com ::: b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com\nb@y.com', multiple('a@x.com', 'b@y.com')],
  ['Ann <a@x.com>, Bob <b@y.com>', multiple('a@x.com', 'b@y.com')],
  ['Ann <a@x.com> Bob <b@y.com>', multiple('a@x.com', 'b@y.com')],
  ['mailto:a@x.com; mailto:b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com; n/a', multiple('a@x.com', 'n/a')],
  ['a@x.com (work)', single('a@x.com (work)')],
  ['n/a', single('n/a')],
  ['none; n/a', single('none; n/a')],
];

describe('extractAddress', () => {
  it.each(CASES)('%j', (cell, expected) => {
    expect(extractAddress(cell)).toEqual(expected);
  });
});

/** [cell, normalized address]: extraction and syntax together (domain lowercased, local case kept, NFC). */
const NORMALIZED: [string, string][] = [
  [' Olena.Koval@GMAIL.com ', 'Olena.Koval@gmail.com'],
  ['mailto:Ivan@Ukr.Net', 'Ivan@ukr.net'],
  ['Іван <Іван@ПОШТА.УКР>', 'Іван@пошта.укр'],
  ['\u00a0e\u0301lise@Exemple.FR\u200b', '\u00e9lise@exemple.fr'],
];

describe('extractAddress + checkSyntax', () => {
  it.each(NORMALIZED)('%j → %s', (cell, normalized) => {
    const e = extractAddress(cell);
    expect(e.kind).toBe('single');
    const r = e.kind === 'single' ? checkSyntax(e.address) : undefined;
    expect(r?.ok && r.normalized).toBe(normalized);
  });
});
