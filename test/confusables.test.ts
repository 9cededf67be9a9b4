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
