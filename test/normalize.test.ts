import { describe, expect, it } from 'vitest';
import { extractAddress, type Extraction } from '../src/address/extract.js';
import { checkSyntax } from '../src/address/syntax.js';

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
  // Invisible characters are trimmed at the edges (SPEC: also zero-width) but kept inside, as written.
  ['olena@gmail.com\u200e', single('olena@gmail.com')],
  ['\u200folena@gmail.com\u200f', single('olena@gmail.com')],
  ['\u202aolena@gmail.com\u202c', single('olena@gmail.com')],
  ['\u202bolena@gmail.com\u202e', single('olena@gmail.com')],
  ['\u2066olena@gmail.com\u2069', single('olena@gmail.com')],
  ['\u2067\u2068olena@gmail.com', single('olena@gmail.com')],
  ['olena@gmail.com\u00ad', single('olena@gmail.com')],
  ['\u061colena@gmail.com\u180e', single('olena@gmail.com')],
  [' \u200e olena@gmail.com \u200f ', single('olena@gmail.com')],
  ['\u200e\u200f\u202a\u202e\u2066\u2069\u00ad\ufeff\u2060', EMPTY],
  ['olena\u200b@gmail.com', single('olena\u200b@gmail.com')],
  ['olena@gm\u200cail.com', single('olena@gm\u200cail.com')],
  ['ole\u00adna@gmail.com', single('ole\u00adna@gmail.com')],
  ['olena\u200e@gmail.com', single('olena\u200e@gmail.com')],
  ['olena\ufeff@gmail.com', single('olena\ufeff@gmail.com')],
  ['olena\u2060@gmail.com', single('olena\u2060@gmail.com')],
  ['olena\u00a0@gmail.com', single('olena\u00a0@gmail.com')],
  ['olena\t@gmail.com', single('olena\t@gmail.com')],
  ['a@x.com\u200bb@y.com', single('a@x.com\u200bb@y.com')],
  ['a@x.com \u200b b@y.com', multiple('a@x.com', 'b@y.com')],
  ['Ann \u200e<a@x.com>\u200f', single('a@x.com')],
  ['\u202aAnn <a@x.com>\u202c, Bob\u00a0<b@y.com>', multiple('a@x.com', 'b@y.com')],
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

/** 256 octets as written (`s` + U+0323 + U+0307), 254 once NFC makes the `ṩ` one code point. */
const longNfd = `my.s\u0323\u0307.address@${['x'.repeat(63), 'x'.repeat(63), 'x'.repeat(63), 'x'.repeat(42)].join('.')}.info`;

/** Issue 12, part 6: [cell, expected extraction]. */
const FIXED: [string, Extraction][] = [
  // A domain literal is one candidate: its `:::` is IPv6, not Google's separator.
  ['me@[IPv6:::1]', single('me@[IPv6:::1]')],
  ['a@[IPv6:2001:db8::1]', single('a@[IPv6:2001:db8::1]')],
  ['test@[IPv6:::]', single('test@[IPv6:::]')],
  ['Ann <me@[IPv6:::1]>', single('me@[IPv6:::1]')],
  ['me@[IPv6:::1] ::: b@y.com', multiple('me@[IPv6:::1]', 'b@y.com')],
  ['me@[IPv6:::1]; b@y.com', multiple('me@[IPv6:::1]', 'b@y.com')],
  // Google Contacts' ` ::: ` still separates everywhere else.
  ['a@x.com ::: b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com:::b@y.com', multiple('a@x.com', 'b@y.com')],
  ['a@x.com ::: b@y.com ::: c@z.com', multiple('a@x.com', 'b@y.com', 'c@z.com')],
  ['Ann <a@x.com> ::: b@y.com', multiple('a@x.com', 'b@y.com')],
  ['n/a ::: e@ukr.net', multiple('n/a', 'e@ukr.net')],
  // A `[` that does not follow an `@` opens no literal.
  ['[work] a@x.com ::: b@y.com', multiple('[work] a@x.com', 'b@y.com')],
  // NFC would swallow the `<` / `>` / `=` of a written `≮` / `≯` / `≠`: left as written.
  ['<\u0338me@example.com', single('<\u0338me@example.com')],
  ['>\u0338me@example.com', single('>\u0338me@example.com')],
  ['=\u0338me@example.com', single('=\u0338me@example.com')],
  ['\u226eme@example.com', single('\u226eme@example.com')],
  // Too long as written, though not after NFC: left as written.
  [longNfd, single(longNfd)],
];

describe('extractAddress (issue 12)', () => {
  it.each(FIXED)('%j', (cell, expected) => {
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

/** [cell, why, args]: an invisible or space character inside the address is named as it is. */
const REFUSED: [string, string, Record<string, string>][] = [
  ['olena\u200b@gmail.com', 'syntax.unsafe_character', { char: 'U+200B' }],
  ['\u00a0olena\u200b@gmail.com\u200b', 'syntax.unsafe_character', { char: 'U+200B' }],
  ['olena\u200c@gmail.com', 'syntax.unsafe_character', { char: 'U+200C' }],
  ['olena\u200d@gmail.com', 'syntax.unsafe_character', { char: 'U+200D' }],
  ['olena\u200e@gmail.com', 'syntax.unsafe_character', { char: 'U+200E' }],
  ['olena@gmail\u200f.com', 'syntax.unsafe_character', { char: 'U+200F' }],
  ['olena\u202e@gmail.com', 'syntax.unsafe_character', { char: 'U+202E' }],
  ['olena\u2066@gmail.com\u2069', 'syntax.unsafe_character', { char: 'U+2066' }],
  ['ole\u00adna@gmail.com', 'syntax.unsafe_character', { char: 'U+00AD' }],
  ['olena\u2060@gmail.com', 'syntax.unsafe_character', { char: 'U+2060' }],
  ['mailto:olena%E2%80%8B@gmail.com', 'syntax.unsafe_character', { char: 'U+200B' }],
  ['olena @gmail.com', 'syntax.whitespace', { char: 'U+0020' }],
  ['olena\u00a0@gmail.com', 'syntax.whitespace', { char: 'U+00A0' }],
  ['olena\t@gmail.com', 'syntax.whitespace', { char: 'U+0009' }],
  ['olena\u3000@gmail.com', 'syntax.whitespace', { char: 'U+3000' }],
];

/** Issue 12, part 6: [cell, why, args] through extraction and syntax together. */
const FIXED_REFUSED: [string, string, Record<string, string | number> | undefined][] = [
  ['me@[IPv6:::1]', 'syntax.domain_literal', undefined],
  ['a@[IPv6:2001:db8::1]', 'syntax.domain_literal', undefined],
  ['me@[192.168.0.1]', 'syntax.domain_literal', undefined],
  ['<\u0338me@example.com', 'syntax.bad_character', { char: '<' }],
  [' >\u0338me@example.com ', 'syntax.bad_character', { char: '>' }],
  ['mailto:%3C%CC%B8me@example.com', 'syntax.bad_character', { char: '<' }],
  [longNfd, 'syntax.too_long', { length: 256 }],
  [`me@${Array(6).fill('привіт'.repeat(5)).join('.')}.com`, 'syntax.domain_too_long', { length: 261 }],
];

describe('extractAddress + checkSyntax (issue 12)', () => {
  it.each(FIXED_REFUSED)('%j → %s %j', (cell, why, args) => {
    const e = extractAddress(cell);
    expect(e.kind).toBe('single');
    expect(e.kind === 'single' ? checkSyntax(e.address) : undefined).toEqual(args ? { ok: false, why, args } : { ok: false, why });
  });

  it.each([
    ['=\u0338me@example.com', '\u2260me@example.com'],
    ['\u226eme@example.com', '\u226eme@example.com'],
    ['e\u0301lise@x.com', '\u00e9lise@x.com'],
  ])('%j is accepted as %j', (cell, normalized) => {
    const e = extractAddress(cell);
    const r = e.kind === 'single' ? checkSyntax(e.address) : undefined;
    expect(r?.ok && r.normalized).toBe(normalized);
  });
});

describe('extractAddress + checkSyntax refuse', () => {
  it.each(REFUSED)('%j → %s %j', (cell, why, args) => {
    const e = extractAddress(cell);
    expect(e.kind).toBe('single');
    expect(e.kind === 'single' ? checkSyntax(e.address) : undefined).toEqual({ ok: false, why, args });
  });
});
