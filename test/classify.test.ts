import { describe, expect, it } from 'vitest';
import { classify } from '../src/pipeline/classify.js';
import type { Finding } from '../src/model/findings.js';
import { makePolicy } from '../src/model/policy.js';
import { en } from '../src/report/i18n/en.js';
import { renderDetail } from '../src/report/i18n/render.js';

const typo: Finding = { code: 'possible_typo', why: 'typo.domain', args: { domain: 'gmai.com', suggestedDomain: 'gmail.com' }, suggestion: 'a@gmail.com' };
const f = (code: Finding['code'], extra: Partial<Finding> = {}): Finding =>
  // Only the code matters to classify; the message is a plain one of each stage's.
  ({ code, why: code === 'role_account' ? 'role.local' : 'duplicate.alias', args: { local: 'info', line: 2 }, ...extra }) as Finding;

describe('classify', () => {
  it.each<[string, Finding[], string, string | undefined]>([
    ['no findings', [], 'clean', undefined],
    ['one review finding', [f('role_account')], 'review', 'role_account'],
    ['rejected beats review', [f('role_account'), f('duplicate')], 'rejected', 'duplicate'],
    ['more severe of two rejected', [f('duplicate'), f('suppressed_hard_bounce')], 'rejected', 'suppressed_hard_bounce'],
    ['a typo fix explains a missing domain', [typo, f('domain_not_found')], 'review', 'possible_typo'],
    ['a typo fix explains a typo-squat on the disposable list', [typo, f('disposable')], 'review', 'possible_typo'],
    ['a look-alike fix does not explain disposable', [f('confusable_characters', { suggestion: 'a@mailinator.com' }), f('disposable')], 'rejected', 'disposable'],
    ['a fix does not explain a suppression', [typo, f('suppressed_hard_bounce')], 'rejected', 'suppressed_hard_bounce'],
  ])('%s', (_name, findings, bucket, reason) => {
    const verdict = classify(findings, makePolicy({}));
    expect([verdict.bucket, verdict.primary?.code]).toEqual([bucket, reason]);
  });

  it('follows the policy, and names further findings in the detail', () => {
    const verdict = classify([f('role_account'), f('duplicate_alias')], makePolicy({ role_account: 'clean' }));
    expect(verdict.bucket).toBe('review');
    expect(verdict.primary?.code).toBe('duplicate_alias');
    expect(renderDetail({ findings: [f('role_account'), f('duplicate_alias')], primary: verdict.primary! }, en)).not.toBe('');
    const findings = [f('role_account'), f('duplicate_alias')];
    const again = classify(findings, makePolicy({ role_account: 'clean' }));
    expect(renderDetail({ findings, primary: again.primary! }, en)).toBe('The same mailbox as line 2, written differently (the provider ignores dots or +tags). info@ is a role address (a group or function, not a person).');
  });

  it('keeps the suggestion of the primary finding', () => {
    expect(classify([typo, f('domain_not_found')], makePolicy({})).suggestion).toBe('a@gmail.com');
  });
});
