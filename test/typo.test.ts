import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { typoDistance } from '../src/checks/distance.js';
import { isFreeProvider, POPULAR_DOMAINS } from '../src/checks/providers.js';
import { checkTypo } from '../src/checks/typo.js';

const require = createRequire(import.meta.url);
const ALL_PROVIDERS = require('email-providers/all.json') as string[];

function suggest(domain: string, maxDistance?: number): string | undefined {
  const f = checkTypo('ivan', domain, domain, maxDistance === undefined ? undefined : { maxDistance });
  return f?.why === 'typo.domain' ? String(f.args.suggestedDomain) : undefined;
}

describe('checkTypo suggests the intended domain', () => {
  it.each([
    ['gmial.com', 'gmail.com'], ['gmai.com', 'gmail.com'], ['gnail.com', 'gmail.com'],
    ['gmail.co', 'gmail.com'], ['gmail.con', 'gmail.com'], ['gmail.cmo', 'gmail.com'],
    ['gmaill.com', 'gmail.com'], ['gmail.c', 'gmail.com'], ['gmail.ru', 'gmail.com'],
    ['gmail.com.ua', 'gmail.com'], ['gmail.it', 'gmail.com'], ['hotmial.com', 'hotmail.com'],
    ['homail.con', 'hotmail.com'], ['yaho.com', 'yahoo.com'], ['yajoo.com', 'yahoo.com'],
    ['yahooo.cmo', 'yahoo.com'], ['outlok.com', 'outlook.com'], ['oultook.com', 'outlook.com'],
    ['ukr.ner', 'ukr.net'], ['ukr.nte', 'ukr.net'], ['urk.net', 'ukr.net'], ['bigmir.ner', 'bigmir.net'],
    ['libero.ti', 'libero.it'], ['virgillio.it', 'virgilio.it'], ['intreia.pl', 'interia.pl'],
    ['wp.lp', 'wp.pl'], ['onet.lp', 'onet.pl'], ['gmx.ed', 'gmx.de'], ['yandex.rux', 'yandex.ru'],
    ['comcast.nry', 'comcast.net'], ['t-onlin.de', 't-online.de'],
  ])('%s → %s', (domain, expected) => {
    expect(suggest(domain)).toBe(expected);
  });
});

describe('checkTypo repairs misspelt TLDs of any domain', () => {
  it.each([
    ['firma.con', 'firma.com'], ['firma.cmo', 'firma.com'], ['firma.ocm', 'firma.com'],
    ['firma.nett', 'firma.net'], ['firma.comm', 'firma.com'], ['firma.ogr', 'firma.org'],
    ['shkola.com.ia', 'shkola.com.ua'], ['con-artists.con', 'con-artists.com'],
  ])('%s → %s', (domain, expected) => {
    expect(suggest(domain)).toBe(expected);
  });
});

describe('checkTypo leaves real domains alone', () => {
  it.each([
    'mac.com', 'me.com', 'mail.com', 'hotmail.com', 'gmail.com', 'mailw.com', 'gmx.net', 'live.com',
    'gmx.fr', 'yahoo.co.uk', 'kicksend.com', 'emaildomain.co', 'live.de', 'yahoo.se', 'hotmail.gr',
    'live.ee', 'ep.pl', 'pw.pl', 'tmail.com', 'amail.com', 'op.pl', 'o2.pl', 'i.ua', 'meta.ua',
    'univ.kiev.ua', 'firma.de', 'пошта.укр',
  ])('%s', (domain) => {
    expect(checkTypo('ivan', domain, domain)).toBeUndefined();
  });

  it('gives no suggestion for any popular domain', () => {
    const hits = POPULAR_DOMAINS.filter((d) => suggest(d) !== undefined);
    expect(hits).toEqual([]);
  });

  // email-providers lists typo-squats too; these are the ones in the sample we do correct.
  const TYPO_SQUATS = new Set(['gmial.com', 'gamil.com', 'gmai.com', 'gmal.com', 'hotmai.com', 'homail.com', 'hotmial.com', 'yaho.com', 'gmail.co', 'gmail.om', 'yahoo.om', 'hotmail.con', 'gmail.it', 'gmail.ru']);
  it('gives no suggestion for every 10th email-providers domain except typo-squats', () => {
    const sample = ALL_PROVIDERS.filter((_, i) => i % 10 === 0);
    expect(sample.length).toBeGreaterThan(800);
    const hits = sample.filter((d) => suggest(d) !== undefined && !TYPO_SQUATS.has(d));
    expect(hits).toEqual([]);
  });
});

describe('checkTypo verdict shape and options', () => {
  it('builds the suggestion from the local part', () => {
    expect(checkTypo('Olga.K', 'gmial.com', 'gmial.com')).toEqual({
      code: 'possible_typo', why: 'typo.domain',
      args: { domain: 'gmial.com', suggestedDomain: 'gmail.com' }, suggestion: 'Olga.K@gmail.com',
    });
  });
  it.each([['firma.zzqx', 'zzqx'], ['mail.foo.qqqqq', 'qqqqq']])('unknown TLD %s → domain_not_found', (domain, tld) => {
    expect(checkTypo('a', domain, domain)).toEqual({ code: 'domain_not_found', why: 'domain.unknown_tld', args: { domain, tld } });
  });
  it('respects allowDomains', () => {
    expect(checkTypo('a', 'gmial.com', 'gmial.com', { allowDomains: new Set(['gmial.com']) })).toBeUndefined();
  });
  it('respects maxDistance', () => {
    expect(suggest('gmail.c', 1)).toBeUndefined();
    expect(suggest('gmail.c', 2)).toBe('gmail.com');
  });
});

describe('distance and providers', () => {
  it.each([
    ['gmial', 'gmail', 1], ['gnail', 'gmail', 0.5], ['gmai', 'gmail', 1], ['abc', 'abc', 0], ['ab', 'xyz', 3],
  ])('typoDistance(%s, %s) = %s', (a, b, d) => {
    expect(typoDistance(a, b)).toBe(d);
  });
  it.each([['gmail.com', true], ['ukr.net', true], ['i.ua', true], ['kwiga.com', false], ['example-firma.de', false]])(
    'isFreeProvider(%s) = %s', (d, v) => {
      expect(isFreeProvider(d)).toBe(v);
    });
});
