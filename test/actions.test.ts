/**
 * validation_action (issue 14): what each row is prefilled with, per reason and file, the config's
 * `actions` over the defaults, and how a cell a spreadsheet saved is read back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, parseAction, prefillAction, type Action } from '../src/model/actions.js';
import { REASON_CODES, type ReasonCode } from '../src/model/findings.js';
import { DEFAULT_POLICY } from '../src/model/policy.js';
import { applyRun, validateFile } from '../src/index.js';
import { FIXTURES } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { EditableSheet } from './helpers/spreadsheet.js';

describe('prefillAction', () => {
  it.each<[ReasonCode, boolean, Action]>([
    ['possible_typo', true, 'fix'],
    ['wrong_keyboard_layout', true, 'fix'],
    ['confusable_characters', true, 'fix'],
    ['multiple_addresses', true, 'fix'],
    ['duplicate_alias', false, 'drop'],
    ['role_account', false, 'keep'],
    ['suppressed_soft_bounce', false, 'keep'],
    ['dns_error', false, 'keep'],
    // A fix needs an address to fix to: without one, review keeps.
    ['multiple_addresses', false, 'keep'],
    ['confusable_characters', false, 'keep'],
  ])('a review row with %s (suggestion: %s) → %s', (reason, suggestion, action) => {
    expect(prefillAction('review', reason, suggestion)).toBe(action);
  });

  it('every reason of rejected.csv is dropped, with or without a suggestion', () => {
    for (const reason of REASON_CODES) for (const suggestion of [true, false]) expect(prefillAction('rejected', reason, suggestion)).toBe('drop');
  });

  it('a reason with no default of its own (moved to review by the policy, or a newer check): fix with a suggestion, else keep', () => {
    // The table only names reasons that go to review by default.
    for (const code of Object.keys(DEFAULT_ACTIONS) as ReasonCode[]) expect(DEFAULT_POLICY[code], code).toBe('review');
    expect(prefillAction('review', 'disposable', false)).toBe('keep');
    expect(prefillAction('review', 'invalid_syntax', true)).toBe('fix');
  });

  it('the config wins, in either file; a configured fix without a suggestion falls back', () => {
    const configured = { role_account: 'drop', invalid_syntax: 'fix', dns_error: 'fix' } as const;
    expect(prefillAction('review', 'role_account', false, configured)).toBe('drop');
    expect(prefillAction('rejected', 'invalid_syntax', true, configured)).toBe('fix');
    expect(prefillAction('rejected', 'invalid_syntax', false, configured)).toBe('drop');
    expect(prefillAction('review', 'dns_error', false, configured)).toBe('keep');
  });
});

describe('parseAction: a cell as a spreadsheet saved it', () => {
  it.each([
    ['keep', 'keep'], ['Fix', 'fix'], [' DROP ', 'drop'], ['\tkeep\u00a0', 'keep'],
    ['', undefined], ['fixx', undefined], ['delete', undefined], ['keep it', undefined],
  ])('%j → %s', (cell, action) => {
    expect(parseAction(cell)).toBe(action);
  });
});

describe('validation_action in the files', () => {
  it('follows the config\'s actions', async () => {
    const out = join(tempDir('kwiga-actions-'), 'out');
    await validateFile(join(FIXTURES, 'example-contacts.csv'), { offline: true, outDir: out, actions: { role_account: 'drop', invalid_syntax: 'fix', possible_typo: 'keep' } });
    const review = new EditableSheet(join(out, 'review.csv'));
    const rejected = new EditableSheet(join(out, 'rejected.csv'));
    const action = (sheet: EditableSheet, line: number) => sheet.row(line)[sheet.column('validation_action')];
    expect(action(review, 9)).toBe('drop'); // role_account
    expect(action(review, 6)).toBe('keep'); // possible_typo
    expect(action(review, 7)).toBe('fix'); // wrong_keyboard_layout: default
    expect(action(rejected, 14)).toBe('fix'); // invalid_syntax with the fix for the lost @
    expect(action(rejected, 13)).toBe('drop'); // missing_email
  });

  it('a file without a header still gets named columns, the action last; import.csv has no header either', async () => {
    const dir = tempDir('kwiga-actions-');
    writeFileSync(join(dir, 'list.csv'), 'Olena,olena@gmial.com\nIvan,ivan@ukr.net\n');
    await validateFile(join(dir, 'list.csv'), { offline: true, outDir: join(dir, 'out') });
    const review = new EditableSheet(join(dir, 'out', 'review.csv'));
    expect(review.header).toEqual(['column_1', 'column_2', 'validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action']);
    expect(review.rows.map((r) => r.at(-1))).toEqual(['fix']);
    await applyRun(join(dir, 'out'));
    expect(readFileSync(join(dir, 'out', 'import.csv'), 'utf8')).toBe('Olena,olena@gmail.com\r\nIvan,ivan@ukr.net\r\n');
  });
});
