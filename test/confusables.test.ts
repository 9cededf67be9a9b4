import { describe, expect, it } from 'vitest';
import { checkConfusables, skeleton } from '../src/checks/confusables.js';

describe('checkConfusables flags look-alike domains', () => {
  it.each([
    ['gmаil.com', 'gmail.com', 'confusable.mixed_script'], // Cyrillic а
    ['gmaіl.com', 'gmail.com', 'confusable.mixed_script'], // Ukrainian і
    ['ukr.nеt', 'ukr.net', 'confusable.mixed_script'], // Cyrillic е in the TLD
    ['yаndex.ru', 'yandex.ru', 'confusable.mixed_script'],
    ['gοogle.com', 'google.com', 'confusable.mixed_script'], // Greek ο
    ['раураl.com', 'paypal.com', 'confusable.mixed_script'],
    ['уаһоо.com', 'yahoo.com', 'confusable.lookalike'], // whole label Cyrillic
    ['ѕkу.com', 'sky.com', 'confusable.mixed_script'],
  ])('%s → %s', (domain, suggested, why) => {
    const f = checkConfusables('olga', domain);
    expect(f).toMatchObject({ code: 'confusable_characters', why, args: { domain, suggestedDomain: suggested } });
    expect(f?.suggestion).toBe(`olga@${suggested}`);
  });
});

describe('checkConfusables leaves single-script domains alone', () => {
  it.each(['gmail.com', 'пошта.укр', 'пример.рф', 'почта.рф', 'münchen.de', 'straße.de', 'ασος.gr', '例え.jp', 'żabka.pl'])(
    '%s', (domain) => {
      expect(checkConfusables('olga', domain)).toBeUndefined();
    });
});

describe('skeleton (TR39)', () => {
  it('maps look-alikes to one form', () => {
    expect(skeleton('gmаil.com')).toBe(skeleton('gmail.com'));
    expect(skeleton('раураl')).toBe(skeleton('paypal'));
  });
});

describe('look-alikes in the local part', () => {
  it.each([
    ['irуna', 'gmail.com', 'iryna@gmail.com'],
    ['оlena', 'ukr.net', 'olena@ukr.net'],
  ])('%s@%s → %s', (local, domain, suggestion) => {
    const f = checkConfusables(local, domain);
    expect(f?.code).toBe('confusable_characters');
    expect(f?.why).toBe('confusable.local_mixed_script');
    expect(f?.suggestion).toBe(suggestion);
  });
  it.each([['олег', 'пошта.укр'], ['josé', 'example.es'], ['müller', 'web.de']])('%s@%s is left alone', (local, domain) => {
    expect(checkConfusables(local, domain)).toBeUndefined();
  });
});
