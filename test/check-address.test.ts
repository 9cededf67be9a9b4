import { describe, expect, it } from 'vitest';
import { checkAddress } from '../src/pipeline/check-address.js';

const codes = (cell: string) => checkAddress(cell).findings.map((f) => f.code);

describe('checkAddress: the offline stages together', () => {
  it.each([
    ['olena.koval@gmail.com', []],
    // Gmail's documented sign-up rule: 6 to 30 letters and digits (older accounts may be shorter).
    ['olena@gmail.com', ['mailbox_unlikely']],
    ['', ['missing_email']],
    ['  \u00a0\u200b ', ['missing_email']],
    ['olena.gmail.com', ['invalid_syntax']],
    ['olena@gmial.com', ['possible_typo']],
    ['шмфт"пьфшдюсщь', ['wrong_keyboard_layout']],
    ['ivan@почта.укр', []],
    ['info@пример.рф', ['role_account']],
    // The fact (no Gmail mailbox has a Cyrillic letter) and the fix that explains it.
    ['irуna@gmail.com', ['mailbox_not_allowed', 'confusable_characters']],
    ['irуna@school.com.ua', ['confusable_characters']],
    ['ivan@gmаil.com', ['confusable_characters']],
    ['sofia@mailinator.com', ['disposable']],
    ['info@school.com.ua', ['role_account']],
    ['a@x.com; b@y.com', ['multiple_addresses']],
    ['user@example.unknowntld', ['domain_not_found']],
    // Personal mailboxes that only look like a role once separators or digits are dropped.
    ['dev1990@gmail.com', []],
    ['dev.2001@gmail.com', []],
    ['h.r@ukr.net', []],
    ['i.t@ukr.net', []],
    ['shop123@gmail.com', []],
    ['mail1@ukr.net', []],
    ['support2@school.com.ua', ['role_account']],
    ['no-reply@school.com.ua', ['role_account']],
    // Invisible characters: trimmed at the edges, and inside removed silently (docs/slips.md).
    ['olena.koval@gmail.com\u200e', []],
    ['\u202aolena.koval@gmail.com\u202c', []],
    ['\u2066olena.koval@gmail.com\u2069', []],
    ['olena.koval@gmail.com\u00ad\ufeff', []],
    ['olena.koval\u200b@gmail.com', []],
  ])('%j → %j', (cell, expected) => {
    expect(codes(cell)).toEqual(expected);
  });

  it.each([
    ['nadia.lysenko.gmail.com', 'nadia.lysenko@gmail.com'],
    ['olenagmail.com', 'olena@gmail.com'],
    ['anna.schmidt.gmx.de', 'anna.schmidt@gmx.de'],
    ['ivan_ukr.net', 'ivan@ukr.net'],
  ])('a lost @ gets a suggestion: %s → %s', (cell, suggestion) => {
    const [finding] = checkAddress(cell).findings;
    expect(finding?.code).toBe('invalid_syntax');
    expect(finding?.suggestion).toBe(suggestion);
  });

  it.each([
    ['olena.koval\u200b@gmail.com', 'U+200B'],
    ['olena.koval\u200f@gmail.com', 'U+200F'],
    ['ole\u00adna.koval@gmail.com', 'U+00AD'],
    ['olena.koval@gmail\u202e.com', 'U+202E'],
  ])('an invisible character inside %j (%s) is removed silently: never part of an address', (cell) => {
    const check = checkAddress(cell);
    expect(check.findings).toEqual([]);
    expect(check.facts.normalized).toBe('olena.koval@gmail.com');
  });

  it('an invisible character in a value that stays no address is named, not taken for a space', () => {
    expect(checkAddress('olena\u200b koval').findings).toEqual([{ code: 'invalid_syntax', why: 'syntax.no_at' }]);
    expect(checkAddress('olena\u200b@gmail@com').findings[0]?.why).toBe('syntax.multiple_at');
  });

  it('gives no suggestion for a value that is no address at all', () => {
    expect(checkAddress('n/a').findings[0]?.suggestion).toBeUndefined();
  });

  it('normalizes: trims, unwraps, lowercases the domain and keeps the local case', () => {
    const check = checkAddress(' "Olena K" <Olena.K@GMAIL.COM> ');
    expect(check.facts.normalized).toBe('Olena.K@gmail.com');
    expect(check.alias).toBe('olenak@gmail.com');
  });

  it('suggests the first valid address of a multi-address cell', () => {
    const [finding] = checkAddress('n/a ::: ivan@ukr.net ::: olena@i.ua').findings;
    expect(finding?.suggestion).toBe('ivan@ukr.net');
  });
});

/** Issue 12, part 6: [cell, code, why, args] of the first finding (codes: the only finding). */
const FIXED: [string, string, string, Record<string, string | number> | undefined][] = [
  ['me@[IPv6:::1]', 'invalid_syntax', 'syntax.domain_literal', undefined],
  ['a@[IPv6:2001:db8::1]', 'invalid_syntax', 'syntax.domain_literal', undefined],
  ['me@[192.168.0.1]', 'invalid_syntax', 'syntax.domain_literal', undefined],
  ['a@x.com ::: b@y.com', 'multiple_addresses', 'multiple.found', { count: 2, list: 'a@x.com, b@y.com' }],
  ['me@[IPv6:::1] ::: b@y.com', 'multiple_addresses', 'multiple.found', { count: 2, list: 'me@[IPv6:::1], b@y.com' }],
  [`me@${Array(6).fill('привіт'.repeat(5)).join('.')}.com`, 'invalid_syntax', 'syntax.domain_too_long', { length: 261 }],
  [`me@${'я'.repeat(60)}.com`, 'invalid_syntax', 'syntax.label_too_long', { length: 66 }],
  ['<\u0338me@example.com', 'invalid_syntax', 'syntax.bad_character', { char: '<' }],
  ['>\u0338me@example.com', 'invalid_syntax', 'syntax.bad_character', { char: '>' }],
];

describe('checkAddress: verdicts fixed in issue 12', () => {
  it.each(FIXED)('%j → %s %s %j', (cell, code, why, args) => {
    const { findings } = checkAddress(cell);
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]?.why).toBe(why);
    expect(findings[0]?.args).toEqual(args);
  });

  it.each([
    // Written precomposed, `≮` is a non-ASCII symbol like any other (python-email-validator agrees).
    ['\u226eme@school.com.ua', '\u226eme@school.com.ua'],
    ['=\u0338me@school.com.ua', '\u2260me@school.com.ua'],
    // No local-part limit of its own (python-email-validator's default); 254 octets overall still apply.
    ['a'.repeat(65) + '@school.com.ua', 'a'.repeat(65) + '@school.com.ua'],
  ])('%j is clean, as %j', (cell, normalized) => {
    const check = checkAddress(cell);
    expect(check.findings).toEqual([]);
    expect(check.facts.normalized).toBe(normalized);
  });
});

describe('multiple addresses: the first good one is the suggestion', () => {
  it.each([
    ['a@mailinator.com; b@gmail.com', 'b@gmail.com'],
    ['c@gmial.com, d@ukr.net', 'd@ukr.net'],
    ['c@gmial.com, n/a', 'c@gmail.com'],
    ['n/a ::: e@ukr.net', 'e@ukr.net'],
  ])('%s → %s', (cell, suggestion) => {
    const [finding] = checkAddress(cell).findings;
    expect(finding?.code).toBe('multiple_addresses');
    expect(finding?.suggestion).toBe(suggestion);
  });
});

describe('multiple addresses prefer a person to a role address', () => {
  it('suggests ivan@ over info@', () => {
    expect(checkAddress('info@firm.com.ua; ivan@firm.com.ua').findings[0]?.suggestion).toBe('ivan@firm.com.ua');
  });
});
