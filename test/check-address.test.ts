import { describe, expect, it } from 'vitest';
import { checkAddress } from '../src/check-address.js';

const codes = (cell: string) => checkAddress(cell).findings.map((f) => f.code);

describe('checkAddress: the offline stages together', () => {
  it.each([
    ['olena@gmail.com', []],
    ['', ['missing_email']],
    ['  \u00a0\u200b ', ['missing_email']],
    ['olena.gmail.com', ['invalid_syntax']],
    ['olena@gmial.com', ['possible_typo']],
    ['шмфт"пьфшдюсщь', ['wrong_keyboard_layout']],
    ['ivan@почта.укр', []],
    ['info@пример.рф', ['role_account']],
    ['irуna@gmail.com', ['confusable_characters']],
    ['ivan@gmаil.com', ['confusable_characters']],
    ['sofia@mailinator.com', ['disposable']],
    ['info@school.com.ua', ['role_account']],
    ['a@x.com; b@y.com', ['multiple_addresses']],
    ['user@example.unknowntld', ['domain_not_found']],
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
