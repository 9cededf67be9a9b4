/**
 * The message catalogue: every key in every language, every template naming only the arguments
 * its message carries (so nothing is ever shown as `{name}`) — row messages, warnings, and every
 * string of the summary and report.html, rendered for every kind of run — and plural forms for
 * every count.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE_ARGS, WARNING_ARGS, type Message, type MessageKey, type Warning } from '../src/model/messages.js';
import { LANGUAGES, counted, type Lang } from '../src/report/i18n/index.js';
import { renderMessage } from '../src/report/i18n/render.js';
import { renderHtml } from '../src/report/html.js';
import { formatSummary } from '../src/report/summary.js';
import type { Report } from '../src/model/report.js';
import { makeFixture } from './helpers/report-fixture.js';

const LANGS = Object.keys(LANGUAGES) as Lang[];

/** Every string in a catalogue, by its dotted path (`summary.units.row.one`). */
function leaves(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
}
const leafAt = (root: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], root) as string;

/**
 * Reports that take every branch of the summary and the page: DNS ok, offline, unavailable and
 * stopped mid-run; gates passed and failed by a hair; suppression lists; free mail or none.
 */
const REPORTS: Report[] = (() => {
  const ok = makeFixture().report;
  const offline = makeFixture({ dns: 'offline', gates: false }).report;
  const unavailable = makeFixture({ dns: 'unavailable' }).report;
  const stopped: Report = { ...unavailable, dns: { ...unavailable.dns, answers: 100, lastAnswerAt: '2026-03-14T09:27:01.123Z' } };
  const hair: Report = { ...ok, totals: { rows: 29, clean: 18, review: 0, rejected: 11 }, gates: [{ name: 'rejected', thresholdPercent: 37.93, actualPercent: 37.93, failed: true }] };
  const noFree: Report = { ...ok, providers: { free: 0, withDomain: 10, freeShare: 0, topFree: [], freeDomains: 0 } };
  return [ok, offline, unavailable, stopped, hair, noFree];
})();
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

  it.each(Object.entries(WARNING_ARGS))('warning %s names only its own arguments, and renders whole', (key, names) => {
    const template = s.warnings[key as Warning['why']];
    expect(placeholders(template)).toEqual([...names].sort());
    const warning = { why: key, args: names.length ? argsOf(names) : undefined } as Warning;
    expect(renderMessage(warning, s)).not.toMatch(/\{\w+\}/);
  });

  it('every other string (report.html, the summary) names the same placeholders as English', () => {
    for (const [path, template] of leaves(s)) {
      if (path.startsWith('messages.') || path.startsWith('warnings.')) continue;
      // Plural forms English does not have (Ukrainian few/many) match its `other`.
      const english = leafAt(LANGUAGES.en, path) ?? leafAt(LANGUAGES.en, path.replace(/\.\w+$/, '.other'));
      expect(english, path).toBeTypeOf('string');
      expect(placeholders(template), path).toEqual(placeholders(english));
    }
  });

  it('renders the summary and report.html of every kind of run with every placeholder filled', () => {
    for (const report of REPORTS) {
      expect(formatSummary(report, { color: false, outDir: 'out', lang })).not.toMatch(/\{\w+\}/);
      expect(renderHtml(report, { lang, unmasked: false })).not.toMatch(/\{\w+\}/);
    }
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
