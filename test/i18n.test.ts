/**
 * The message catalogue: every key in every language, every template naming only the arguments
 * its message carries (so nothing is ever shown as `{name}`), and plural forms for every count.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE_ARGS, WARNING_ARGS, type Message, type MessageKey, type Warning } from '../src/model/messages.js';
import { LANGUAGES, counted, type Lang } from '../src/report/i18n/index.js';
import { renderMessage } from '../src/report/i18n/render.js';

const LANGS = Object.keys(LANGUAGES) as Lang[];
const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const argsOf = (names: readonly string[]) => Object.fromEntries(names.map((name, i) => [name, `«${name}${i}»`]));

describe.each(LANGS)('%s', (lang) => {
  const s = LANGUAGES[lang];

  it('has a sentence for every message key, and no other', () => {
    expect(Object.keys(s.messages).sort()).toEqual(Object.keys(MESSAGE_ARGS).sort());
    expect(Object.keys(s.warnings).sort()).toEqual(Object.keys(WARNING_ARGS).sort());
  });

  it.each(Object.entries(MESSAGE_ARGS))('%s names only its own arguments, and renders whole', (key, names) => {
    const template = s.messages[key as MessageKey];
    expect(template.trim().length).toBeGreaterThan(0);
    // `{suggestion}` is filled from the finding's suggestion when the args do not carry it.
    for (const name of placeholders(template)) expect([...names, 'suggestion']).toContain(name);
    const message = { why: key, args: names.length ? argsOf(names) : undefined } as Message;
    expect(renderMessage(message, s, 'x@example.org')).not.toMatch(/\{\w+\}/);
  });

  it.each(Object.entries(WARNING_ARGS))('warning %s names only its own arguments', (key, names) => {
    for (const name of placeholders(s.warnings[key as Warning['why']])) expect(names).toContain(name);
  });

  it('keeps every argument English shows', () => {
    for (const key of Object.keys(MESSAGE_ARGS) as MessageKey[]) {
      expect(placeholders(s.messages[key]), key).toEqual(placeholders(LANGUAGES.en.messages[key]));
    }
  });

  it('counts in every plural form the language has', () => {
    for (const unit of Object.keys(s.summary.units) as (keyof typeof s.summary.units)[]) {
      for (const n of [0, 1, 2, 3, 4, 5, 11, 21, 22, 25, 101, 1000]) {
        const text = counted(s, unit, n);
        expect(text, `${unit} ${n}`).toMatch(/\d/);
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('plural forms', () => {
  it('follow each language', () => {
    expect([1, 2, 5].map((n) => counted(LANGUAGES.en, 'row', n))).toEqual(['1 row', '2 rows', '5 rows']);
    const uk = [1, 2, 5, 21].map((n) => counted(LANGUAGES.uk, 'row', n));
    expect(new Set(uk.map((t) => t.replace(/\d+ /, ''))).size).toBe(3);
  });
});
