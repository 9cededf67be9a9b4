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
    // Issue 17: the fact that a mailbox cannot exist is explained by its fix, as a missing domain is.
    ['a reading explains a mailbox that cannot exist', [f('mailbox_not_allowed'), f('cyrillic_mailbox', { suggestion: 'taras@gmail.com' })], 'review', 'cyrillic_mailbox'],
    ['a layout reading does too', [f('mailbox_not_allowed'), f('wrong_keyboard_layout', { suggestion: 'taras@gmail.com' })], 'review', 'wrong_keyboard_layout'],
    ['without its fix the fact stands', [f('mailbox_not_allowed'), f('cyrillic_mailbox')], 'rejected', 'mailbox_not_allowed'],
    ['a repeated ending explains com.com on the disposable list', [f('punctuation_slip', { suggestion: 'a@gmail.com' }), f('disposable')], 'review', 'punctuation_slip'],
    ['a duplicate stays a duplicate', [f('mailbox_not_allowed'), f('cyrillic_mailbox', { suggestion: 'taras@gmail.com' }), f('duplicate')], 'rejected', 'duplicate'],
    ['a reserved name is rejected', [f('reserved_domain')], 'rejected', 'reserved_domain'],
    ['a name against a documented sign-up rule goes to review', [f('mailbox_unlikely')], 'review', 'mailbox_unlikely'],
    // A fix from another address column that passed the checks: review at worst, the reason stays.
    ['an empty cell with a checked fix from another column', [f('missing_email', { suggestion: 'b@ukr.net', otherColumn: 'E-mail 2' })], 'review', 'missing_email'],
    ['an empty cell without one', [f('missing_email', { otherColumn: 'E-mail 2' })], 'rejected', 'missing_email'],
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

  it('a policy still decides the bucket of a fix from another column when it is milder', () => {
    const other = f('invalid_syntax', { suggestion: 'b@ukr.net', otherColumn: 'E-mail 2' });
    expect(classify([other], makePolicy({ invalid_syntax: 'clean' })).bucket).toBe('clean');
    expect(classify([other], makePolicy({})).suggestion).toBe('b@ukr.net');
  });

  it('keeps the suggestion of the primary finding', () => {
    expect(classify([typo, f('domain_not_found')], makePolicy({})).suggestion).toBe('a@gmail.com');
  });
});
