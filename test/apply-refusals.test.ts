/**
 * Issue 14, "Fixes are checked": a fix whose new address fails the run's offline checks
 * (syntax, disposable, suppression lists, the config's deny list, a duplicate of a row already in
 * the import) is not applied but listed in apply-problems.csv with the reason, in the run's
 * language; a keep must still be one valid address. Library level (`validateFile`, `applyRun`).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRun, validateFile, type ConfigInput } from '../src/index.js';
import { KwigaError } from '../src/model/errors.js';
import { tempDir } from './helpers/temp.js';
import { readApplyReport } from './helpers/report.js';
import { EditableSheet, readCsv, saveAsExcel } from './helpers/spreadsheet.js';

const LIST = [
  'Name,Email,Note',
  'Anna,anna@gmial.com,a', // 2
  'Bob,bobby.k@gmail.com,b', // 3 clean
  'Carl,carl@gmial.com,c', // 4
  'Dina,dina@hotmial.com,d', // 5
  'Eva,eva@gmial.com,e', // 6
  'Fox,info@ukr.net,f', // 7 role
  'Gus,,g', // 8 missing
  'Hans,hans.gmail.com,h', // 9 no @
  'Ivan,ivan@gmial.com,i', // 10
  'Jan,jan@gmial.com,j', // 11
  'Kat,kat@gmial.com,k', // 12
  'Lena,lena@gmial.com,l', // 13
  'Max,max@gmial.com,m', // 14
  'Nia,nia@gmial.com,n', // 15
  'Ola,ola@gmial.com,o', // 16
  'Pia,pia@gmial.com,p', // 17
].join('\n');

/** A run of LIST with `settings`, then review/rejected edited: line → [column, value] pairs. */
async function runAndEdit(settings: ConfigInput, edits: Record<number, Record<string, string>>): Promise<string> {
  const dir = tempDir('kwiga-refuse-');
  const input = join(dir, 'list.csv');
  writeFileSync(input, `${LIST}\n`);
  const outDir = join(dir, 'out');
  await validateFile(input, { offline: true, outDir, ...settings });
  for (const file of ['review.csv', 'rejected.csv']) {
    const sheet = new EditableSheet(join(outDir, file));
    for (const [line, cells] of Object.entries(edits)) {
      if (!sheet.rows.some((r) => r[sheet.column('validation_line')] === line)) continue;
      for (const [column, value] of Object.entries(cells)) sheet.set(Number(line), column, value);
    }
    saveAsExcel(join(outDir, file), sheet.all(), { delimiter: ',', encoding: 'utf-8' });
  }
  return outDir;
}

const fix = (address: string) => ({ validation_action: 'fix', validation_suggestion: address });
const keep = { validation_action: 'keep' };

describe('fixes and keeps that fail a check go to apply-problems.csv', () => {
  it('names the reason of each, in input order, and imports the rest', async () => {
    const dir = tempDir('kwiga-refuse-list-');
    const bounces = join(dir, 'bounces.txt');
    writeFileSync(bounces, 'blocked@ukr.net\n');
    const out = await runAndEdit({ suppress: [bounces], denyDomains: ['rival.com'] }, {
      2: fix('anna@mailinator.com'), // disposable
      4: fix('carl at gmail'), // not an address
      5: fix('BOBBY.K@gmail.com'), // the clean row on line 3, in other letter case
      6: fix('blocked@ukr.net'), // on the run's suppression list
      7: keep, // a role address, kept: fine
      8: keep, // no address to keep
      9: keep, // the address that lost its @, kept as it is
      10: fix(''), // fix without an address
      11: fix('same@gmail.com'), // two fixes to one address: the first goes in…
      12: fix('same@gmail.com'), // …the second is a duplicate of it
      13: fix('a@ukr.net; b@ukr.net'), // two addresses
      14: fix('x@rival.com'), // the config's deny list
      15: fix('Nia <info@kwiga.com>'), // a role address in a wrapper: a person may choose it
      16: fix('ola@gmail.com'), // the suggestion as it was
      17: fix('pia@example.qqqq'), // a top-level domain that does not exist
    });
    const report = await applyRun(out);
    const problems = readCsv(join(out, 'apply-problems.csv'));
    expect(problems[0]).toEqual(['Name', 'Email', 'Note', 'validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action']);
    expect(problems.slice(1).map(([name, email, , line, reason, detail, suggestion, action]) => [line, name, email, reason, detail, suggestion, action])).toEqual([
      ['2', 'Anna', 'anna@gmial.com', 'disposable', 'mailinator.com is a disposable (throwaway) mailbox service.', 'anna@mailinator.com', 'fix'],
      ['4', 'Carl', 'carl@gmial.com', 'invalid_syntax', 'The address has no @ sign.', 'carl at gmail', 'fix'],
      ['5', 'Dina', 'dina@hotmial.com', 'duplicate', 'The same address already appeared on line 3.', 'BOBBY.K@gmail.com', 'fix'],
      ['6', 'Eva', 'eva@gmial.com', 'suppressed', expect.stringContaining('bounces.txt'), 'blocked@ukr.net', 'fix'],
      ['8', 'Gus', '', 'missing_email', 'The email cell is empty.', '', 'keep'],
      ['9', 'Hans', 'hans.gmail.com', 'invalid_syntax', 'The address has no @ sign.', 'hans@gmail.com', 'keep'],
      ['10', 'Ivan', 'ivan@gmial.com', 'missing_email', 'The action is fix, but validation_suggestion is empty: type the address to import there, or set the action to keep or drop.', '', 'fix'],
      ['12', 'Kat', 'kat@gmial.com', 'duplicate', 'The same address already appeared on line 11.', 'same@gmail.com', 'fix'],
      ['13', 'Lena', 'lena@gmial.com', 'multiple_addresses', expect.stringContaining('2 addresses'), 'a@ukr.net; b@ukr.net', 'fix'],
      ['14', 'Max', 'max@gmial.com', 'suppressed', expect.stringContaining('rival.com'), 'x@rival.com', 'fix'],
      ['17', 'Pia', 'pia@gmial.com', 'domain_not_found', expect.stringContaining('.qqqq'), 'pia@example.qqqq', 'fix'],
    ]);
    const imported = readCsv(join(out, 'import.csv'));
    expect(imported).toEqual([
      ['Name', 'Email', 'Note'],
      ['Bob', 'bobby.k@gmail.com', 'b'],
      ['Fox', 'info@ukr.net', 'f'],
      ['Jan', 'same@gmail.com', 'j'],
      ['Nia', 'info@kwiga.com', 'n'],
      ['Ola', 'ola@gmail.com', 'o'],
    ]);
    expect(report.totals).toEqual({ rows: 16, imported: 5, clean: 1, kept: 1, fixed: 3, dropped: 0, deleted: 0, refused: 11, notSelected: 0 });
    expect(report.problems).toEqual({
      rows: 11,
      reasons: { disposable: 1, invalid_syntax: 2, duplicate: 2, suppressed: 2, missing_email: 2, multiple_addresses: 1, domain_not_found: 1 },
    });
    expect(readApplyReport(out)).toEqual(report);
  });

  it('a second spelling of an imported mailbox is refused only when the run\'s policy rejects duplicate_alias', async () => {
    const edits = { 2: fix('b.o.b.b.y.k+news@gmail.com') };
    const lenient = await runAndEdit({}, edits);
    expect((await applyRun(lenient)).problems.rows).toBe(0);
    expect(readCsv(join(lenient, 'import.csv')).map((r) => r[1])).toContain('b.o.b.b.y.k+news@gmail.com');
    const strict = await runAndEdit({ policy: { duplicate_alias: 'rejected' } }, edits);
    expect((await applyRun(strict)).problems.reasons).toEqual({ duplicate_alias: 1 });
  });

  it('words the reasons in the run\'s language', async () => {
    const out = await runAndEdit({ lang: 'uk' }, { 2: fix('anna@mailinator.com'), 4: fix('') });
    await applyRun(out);
    const details = readCsv(join(out, 'apply-problems.csv')).slice(1).map((r) => r[5]);
    expect(details).toEqual(['mailinator.com — сервіс одноразових (тимчасових) поштових скриньок.', expect.stringContaining('validation_suggestion порожня')]);
  });

  it('a suppression list gone since the run stops apply (exit 2) before anything is written', async () => {
    const dir = tempDir('kwiga-refuse-gone-');
    const bounces = join(dir, 'bounces.txt');
    writeFileSync(bounces, 'blocked@ukr.net\n');
    const out = await runAndEdit({ suppress: [bounces] }, {});
    rmSync(bounces);
    const error = await applyRun(out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KwigaError);
    expect((error as KwigaError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/suppression lists cannot be read again/);
  });
});
