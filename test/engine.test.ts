import { describe, expect, it } from 'vitest';
import { Engine } from '../src/pipeline/engine.js';
import { makePolicy } from '../src/model/policy.js';
import { en } from '../src/report/i18n/en.js';
import { renderDetail } from '../src/report/i18n/render.js';
import type { RowResult } from '../src/model/row.js';

const engine = (policy = {}) => new Engine({ policy: makePolicy(policy), domainOptions: {} });
const detail = (r: RowResult) => renderDetail(r, en);
const sync = (r: RowResult | Promise<RowResult>) => {
  if (r instanceof Promise) throw new Error('offline engine must answer synchronously');
  return r;
};

describe('Engine (offline)', () => {
  it('classifies rows in order, naming the earlier line of a duplicate', () => {
    const e = engine();
    const cells = ['olenakoval@gmail.com', 'OLENAKOVAL@gmail.com', 'o.lenakoval@gmail.com', 'ivan@gmial.com', ''];
    const results = cells.map((cell, i) => sync(e.process({ line: i + 2, fields: [cell] }, 0)));
    expect(results.map((r) => [r.bucket, r.reason ?? ''])).toEqual([
      ['clean', ''],
      ['rejected', 'duplicate'],
      ['review', 'duplicate_alias'],
      ['review', 'possible_typo'],
      ['rejected', 'missing_email'],
    ]);
    expect(detail(results[1]!)).toBe('The same address already appeared on line 2.');
    expect(results[3]!.suggestion).toBe('ivan@gmail.com');
  });

  it('applies the policy', () => {
    const r = sync(engine({ role_account: 'clean', missing_email: 'review' }).process({ line: 2, fields: ['info@school.ua'] }, 0));
    expect([r.bucket, r.reason]).toEqual(['clean', 'role_account']);
    const m = sync(engine({ missing_email: 'review' }).process({ line: 2, fields: [''] }, 0));
    expect(m.bucket).toBe('review');
  });

  it('keeps a malformed row whole in the detail', () => {
    const r = sync(engine().process({ line: 7, fields: [], raw: 'a,"b', malformed: { why: 'csv.unclosed_quote', args: { raw: 'a,"b' } } }, 0));
    expect(r.reason).toBe('malformed_row');
    expect(detail(r)).toContain('a,"b');
  });

  it.each([
    ['', 'missing_email', 'The email cell is empty. The E-mail 2 Address column has b@ukr.net.'],
    ['bad', 'invalid_syntax', 'The address has no @ sign. The E-mail 2 Address column has b@ukr.net.'],
  ])('suggests a valid address from another address column (%j)', (cell, reason, sentence) => {
    const r = sync(engine().process({ line: 2, fields: ['B', cell, ' b@ukr.net '] }, 1, [{ index: 2, name: 'E-mail 2 Address' }]));
    expect([r.bucket, r.reason, r.suggestion, detail(r)]).toEqual(['review', reason, 'b@ukr.net', sentence]);
  });

  // Issue 17 §6: the other column's address is checked like a row of its own.
  it.each([
    // A good address: review with it (the contact is not lost), the reason stays the cell's.
    ['olena.koval@gmail.com', 'review', 'olena.koval@gmail.com'],
    // A typo gets its own fix; a Cyrillic name at Gmail its Latin spelling.
    ['x.koval@gmial.com', 'review', 'x.koval@gmail.com'],
    ['тарас.коваль@gmail.com', 'review', 'taras.koval@gmail.com'],
    // No fix: disposable, reserved, or a mailbox that cannot exist.
    ['y.koval@mailinator.com', 'rejected', undefined],
    ['y.koval@example.com', 'rejected', undefined],
    ['y_koval@gmail.com', 'rejected', undefined],
  ])('Google export, E-mail 2 - Value %j → %s with %j', (other, bucket, suggestion) => {
    const r = sync(engine().process({ line: 2, fields: ['', other] }, 0, [{ index: 1, name: 'E-mail 2 - Value' }]));
    expect([r.bucket, r.reason, r.suggestion]).toEqual([bucket, 'missing_email', suggestion]);
  });

  it('a policy milder than review for the cell\'s reason still decides', () => {
    const r = sync(engine({ missing_email: 'clean' }).process({ line: 2, fields: ['', 'olena.koval@gmail.com'] }, 0, [{ index: 1, name: 'E-mail 2' }]));
    expect(r.bucket).toBe('clean');
  });
});

describe('Engine with config lists', () => {
  it('rejects rows of a denied domain as suppressed, and allowDomains takes Unicode names', async () => {
    const { createParts } = await import('../src/pipeline/parts.js');
    const { parseConfig } = await import('../src/pipeline/settings.js');
    const parts = await createParts(parseConfig({ offline: true, denyDomains: ['rival.com'], allowDomains: ['gmial.com'] }, 'flags'));
    const e = new Engine({ policy: makePolicy({}), domainOptions: parts.domainOptions });
    const denied = sync(e.process({ line: 2, fields: ['ivan@rival.com'] }, 0));
    expect([denied.bucket, denied.reason, detail(denied)]).toEqual(['rejected', 'suppressed', 'The domain rival.com is on the denyDomains list of the config.']);
    expect(sync(e.process({ line: 3, fields: ['ivan@gmial.com'] }, 0)).bucket).toBe('clean');
    expect(parts.domainOptions.allowDomains?.has('xn--80ak6aa92e.com')).toBe(false);
    const idn = await createParts(parseConfig({ offline: true, allowDomains: ['пошта.укр'] }, 'flags'));
    expect([...(idn.domainOptions.allowDomains ?? [])]).toEqual(['xn--80a1acn3a.xn--j1amh']);
  });
});
