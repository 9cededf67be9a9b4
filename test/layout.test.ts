import { describe, expect, it } from 'vitest';
import { checkLayout, toQwerty } from '../src/checks/layout.js';

describe('checkLayout converts addresses typed on a Cyrillic layout', () => {
  it.each([
    ['шмфт"пьфшдюсщь', 'ivan@gmail.com'], // all typed on ЙЦУКЕН, Shift+2 = "
    ['ivan@пьфшд.сщь', 'ivan@gmail.com'], // domain only
    ['ivan@пьфшдюсщь', 'ivan@gmail.com'], // ю key for the dot
    ['ivan@пьфшд.com', 'ivan@gmail.com'], // name only, known result
    ['шмфт@gmail.com', 'ivan@gmail.com'], // local part only, no vowels in the Cyrillic
    ['Шмфт"пьфшдюсщь', 'Ivan@gmail.com'], // Shift keeps the case of the local part
    ['шмфтюзуекщм"пьфшдюсщь', 'ivan.petrov@gmail.com'],
    ['щдуп"глкютуе', 'oleg@ukr.net'],
    ['фттф"шюгф', 'anna@i.ua'],
    ['elena@ьфшдюкг', 'elena@mail.ru'],
    ['ivan@пьшфд.сщь', 'ivan@gmail.com'], // the Latin reading is also misspelt: corrected too
    ['ivan@ьуефюгф', 'ivan@meta.ua'],
    ['ivan@іщьуюсщь', 'ivan@some.com'], // Ukrainian і on the s key
    ['ivan@ырщзюсщь', 'ivan@shop.com'], // Russian ы on the s key
  ])('%s → %s', (input, expected) => {
    const f = checkLayout(input);
    expect(f?.code).toBe('wrong_keyboard_layout');
    expect(f?.suggestion).toBe(expected);
    expect(f?.args).toEqual({ suggestion: expected });
  });
});

describe('checkLayout leaves real Cyrillic addresses alone', () => {
  it.each([
    'ivan@почта.укр', 'info@пример.рф', 'олег@пошта.укр', 'іван@пошта.укр', 'test@тест.рус',
    'олег@gmail.com', 'ivan@пример.com', 'ivan@gmаil.com' /* one Cyrillic а: a look-alike, not layout */,
    'ivan@gmail.com', 'магазин@сайт.онлайн',
  ])('%s', (input) => {
    expect(checkLayout(input)).toBeUndefined();
  });
});

describe('toQwerty', () => {
  it.each([
    ['йцукенгшщзхъ', 'qwertyuiop[]'], ['фывапролджэ', "asdfghjkl;'"], ['ячсмитьбю', 'zxcvbnm,.'],
    ['їіє', "]s'"], ['"№', '@#'], ['ЙЦУ', 'QWE'],
  ])('%s → %s', (a, b) => {
    expect(toQwerty(a)).toBe(b);
  });
});
