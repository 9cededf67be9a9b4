import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../src/model/findings.js';
import { renderHtml } from '../src/report/html.js';
import { LANGUAGES, formatCount, formatPercent, type Lang } from '../src/report/i18n/index.js';
import { HOSTILE, makeFixture } from './helpers/report-fixture.js';

const { report, builder } = makeFixture();
const masked = renderHtml(report, { builder, lang: 'en', unmasked: false });
const unmasked = renderHtml(report, { builder, lang: 'en', unmasked: true });

/** Every tag name in the page: only our own markup may appear. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body main header footer section h1 h2 h3 p span bdi code strong div table thead tbody tr th td figure figcaption svg desc circle rect text'.split(' '),
);
const tagsOf = (html: string) => new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));

describe('escaping: input values show as text, never as markup', () => {
  it.each([
    ['masked', masked],
    ['unmasked', unmasked],
    ['uk', renderHtml(report, { builder, lang: 'uk', unmasked: true })],
    ['without builder', renderHtml(report, { lang: 'it', unmasked: false })],
  ])('%s: only our own tags, no event handlers, no script', (_name, html) => {
    for (const tag of tagsOf(html)) expect(ALLOWED_TAGS, `unexpected <${tag}>`).toContain(tag);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/<script/i);
    for (const value of Object.values(HOSTILE)) expect(html).not.toContain(value);
  });

  it.each([
    ['file name', '&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;.csv'],
    ['column name', '&lt;/style&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;'],
    ['domain', '&quot;&gt;&lt;svg onload=alert(1)&gt;.example'],
    ['suppression list', '&lt;b onmouseover=alert(4)&gt;bounces.csv'],
  ])('%s appears escaped', (_name, escaped) => {
    expect(masked).toContain(escaped);
  });

  it('unmasked examples show hostile cells escaped in full', () => {
    expect(unmasked).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(unmasked).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('forbids every script and every fetch by Content-Security-Policy', () => {
    expect(masked).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(masked.indexOf('Content-Security-Policy')).toBeLessThan(masked.indexOf('<style>'));
  });

  it('is self-contained: no src/href attributes, no url(), no @import', () => {
    expect(masked).not.toMatch(/<[^>]*\s(src|href|xlink:href)\s*=/i);
    expect(masked).not.toMatch(/url\(|@import/i);
    expect(masked.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });
});

describe('privacy', () => {
  it('masks addresses by default', () => {
    expect(masked).toContain('ol***@gmail.com');
    expect(masked).toContain('ol***@gmial.com');
    expect(masked).not.toMatch(/olena\.(kovalenko|typo)\d/);
    expect(masked).not.toContain('petro.ivanenko');
    expect(masked).toContain('Addresses are partly hidden');
  });

  it('shows whole addresses and suggestions with --report-unmasked', () => {
    expect(unmasked).toContain('olena.typo0@gmial.com');
    expect(unmasked).toContain('olena.typo0@gmail.com');
    expect(unmasked).toContain('share this report only with people allowed to see them');
  });

  it('without the builder only the (masked) report examples exist, even when unmasked is asked', () => {
    const html = renderHtml(report, { lang: 'en', unmasked: true });
    expect(html).toContain('ol***@gmial.com');
    expect(html).not.toMatch(/olena\.typo\d/);
  });

  it('shows no personal column but the address (the name column header is not printed)', () => {
    expect(masked).not.toMatch(/>name</);
  });
});

describe('content and numbers', () => {
  it.each([
    ['rows', '1 740'],
    ['clean', '1 650'],
    ['clean share', '94.8%'],
    ['typo', '×37'],
    ['tool version', `kwiga-validate ${report.tool.version}`],
    ['date', 'March 14, 2025'],
    ['encoding', 'windows-1251'],
    ['delimiter', 'semicolon (;)'],
    ['dns', '8 domains, 11 lookups'],
    ['free share', 'free mail providers'],
    ['gate', '2.53%'],
    ['reason advice', 'Open review.csv; the validation_suggestion column has the fix.'],
  ])('%s: %s', (_name, text) => {
    expect(masked).toContain(text);
  });

  it('lists the non-zero reasons, most rows first, and no zero reason', () => {
    const order = [...masked.matchAll(/<code>([a-z_]+)<\/code>/g)].map((m) => m[1]);
    expect(order.slice(0, 7)).toEqual(['possible_typo', 'domain_not_found', 'invalid_syntax', 'duplicate', 'role_account', 'suppressed_hard_bounce', 'malformed_row']);
    expect(order).not.toContain('disposable');
  });

  it('charts are role="img" with a title and a description, tables have scoped headers', () => {
    expect(masked.match(/<svg [^>]*role="img"/g)).toHaveLength(3);
    expect(masked.match(/<title id="[\w-]+-t">/g)).toHaveLength(3);
    expect(masked).toContain('<th scope="col"');
    expect(masked).toContain('<th scope="row"');
  });

  it.each([
    ['offline' as const, 'not looked up in DNS (offline run)'],
    ['unavailable' as const, 'The DNS server did not answer'],
  ])('dns %s says so', (dns, text) => {
    expect(renderHtml(makeFixture({ dns }).report, { lang: 'en', unmasked: false })).toContain(text);
  });

  it('an all-clean list says there is nothing to do', () => {
    const clean = { ...report, reasons: Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as typeof report.reasons, gates: [], typos: [], suppression: [] };
    const html = renderHtml(clean, { lang: 'en', unmasked: false });
    expect(html).toContain('No problems found');
    expect(html).toContain('No suppression list was used');
    expect(html).not.toContain('id="gates"');
  });
});

describe('languages', () => {
  it.each([
    ['en' as Lang, 'Contact list quality report', '94.8%'],
    ['uk' as Lang, 'Звіт про якість списку контактів', '94,8%'],
    ['it' as Lang, 'Rapporto sulla qualità della lista contatti', '94,8%'],
  ])('%s: <html lang>, title, decimal sign, reason titles', (lang, title, share) => {
    const html = renderHtml(report, { builder, lang, unmasked: false });
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(title);
    expect(html).toContain(share);
    expect(html).toContain(LANGUAGES[lang].reasons.possible_typo.title);
  });

  /** Every string leaf path of an object. */
  const leaves = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

  // Per-row messages and plural forms have checks of their own (test/i18n.test.ts).
  const own = (path: string) => !path.startsWith('messages.') && !path.startsWith('warnings.') && !path.startsWith('summary.units.');

  it.each(['uk', 'it'] as Lang[])('%s has every string English has, none empty, placeholders kept', (lang) => {
    expect(leaves(LANGUAGES[lang]).filter(own).sort()).toEqual(leaves(LANGUAGES.en).filter(own).sort());
    const get = (o: object, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
    for (const path of leaves(LANGUAGES.en).filter(own)) {
      const text = String(get(LANGUAGES[lang], path));
      expect(text.length, path).toBeGreaterThan(0);
      for (const placeholder of String(get(LANGUAGES.en, path)).match(/\{\w+\}/g) ?? []) expect(text, path).toContain(placeholder);
    }
  });
});

describe('number formatting', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1 000'],
    [1234567, '1 234 567'],
    [-12345, '-12 345'],
  ])('formatCount(%d) = %s', (n, text) => expect(formatCount(n)).toBe(text));

  it.each([
    [0, '.', '0%'],
    [100, '.', '100%'],
    [3.4, '.', '3.4%'],
    [3.44, ',', '3,4%'],
    [0.01, '.', '<0.1%'],
    [99.99, ',', '>99,9%'],
  ] as const)('formatPercent(%d, %s) = %s', (v, d, text) => expect(formatPercent(v, d)).toBe(text));
});
