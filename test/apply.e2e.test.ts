/**
 * Issue 14, end to end with the built binary: a run on the example list, review.csv and
 * rejected.csv edited the way a person does it in Excel on a Ukrainian Windows (windows-1251, `;`,
 * CRLF, Excel's quoting), `kwiga-validate apply`, and import.csv checked row by row. Then what must
 * not happen: a corrupted action or line number writes nothing; a folder that is no run's is
 * refused. And `--apply` / `--apply-reasons` on the main command.
 */
import { cpSync, existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { readApplyReport, readReport } from './helpers/report.js';
import { EditableSheet, readCsv, saveAsExcel } from './helpers/spreadsheet.js';

const EXAMPLE = join(FIXTURES, 'example-contacts.csv');
const HEADER = ['First Name', 'Last Name', 'Email', 'Phone', 'Tags'];

/** The example's clean rows by input line, as clean.csv has them. */
const CLEAN: Record<number, string[]> = {
  2: ['Olena', 'Kovalenko', 'olena.kovalenko@gmail.com', '+380501112233', 'student'],
  3: ['Ivan', 'Petrenko', 'ivan.petrenko@ukr.net', '+380671234567', 'student,vip'],
  4: ['Marco', 'Rossi', 'marco.rossi@libero.it', '+39 333 1234567', 'lead'],
  5: ['Anna', 'Schmidt', 'Anna.Schmidt@gmx.de', '+49 151 2345678', 'student'],
  16: ['Laura', 'Bianchi', 'laura.bianchi@virgilio.it', '', 'wrapped'],
  17: ['Jan', 'Kowalski', 'jan.kowalski@wp.pl', '', 'mailto'],
  18: ['Klaus', 'Müller', 'klaus.mueller@web.de', '', 'spaces'],
  22: ['Dmytro', 'Koval', 'dmytro.koval@i.ua', '+380991234567', 'student'],
};
const clean = (...lines: number[]) => lines.map((line) => CLEAN[line]!);

/** Runs the example offline into a fresh folder; returns the folder. */
async function runExample(...flags: string[]): Promise<string> {
  const out = join(tempDir('kwiga-apply-'), 'out');
  const result = await runCli([EXAMPLE, '--offline', '-q', '-o', out, ...flags]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

/** A copy of a run's folder, to edit without running again. */
function copyOf(out: string): string {
  const copy = join(tempDir('kwiga-apply-copy-'), 'out');
  cpSync(out, copy, { recursive: true });
  return copy;
}

/** Every file in a folder with its bytes (hidden ones and leftovers included). */
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

describe('a person edits review.csv in Excel, then applies', () => {
  it('writes import.csv: clean rows, kept rows, fixed rows, with their edits, in input order', async () => {
    const out = await runExample();
    const review = new EditableSheet(join(out, 'review.csv'));
    review
      .set(9, 'validation_action', 'drop') // a role address the person does not want after all
      .set(12, 'validation_action', 'Keep') // a second spelling of a mailbox, kept (Excel capitalised it)
      .set(15, 'validation_suggestion', 'yurii.t@ukr.net') // their own address instead of the first one
      .set(8, 'Tags', 'student; paid') // an input column edited, holding the separator
      .delete(20); // a row deleted
    saveAsExcel(join(out, 'review.csv'), review.all());
    const rejected = new EditableSheet(join(out, 'rejected.csv'));
    rejected.set(14, 'validation_action', 'fix'); // the address that lost its @: take the suggestion
    saveAsExcel(join(out, 'rejected.csv'), rejected.all());
    // What Excel saved is not what we wrote: ANSI code page, `;`, no BOM.
    const saved = readFileSync(join(out, 'review.csv'));
    expect(saved.includes(Buffer.from('ефкфі', 'utf8'))).toBe(false);
    expect(saved.subarray(0, 60).toString('latin1')).toContain('First Name;Last Name;Email;');

    const result = await runCli(['apply', out, '--no-color']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [header, ...rows] = readCsv(join(out, 'import.csv'));
    expect(header).toEqual(HEADER);
    expect(rows).toEqual([
      ...clean(2, 3, 4, 5),
      ['Piotr', 'Nowak', 'piotr.nowak@gmail.com', '+48 600 123 456', 'student'],
      ['Taras', 'Shevchenko', 'taras@gmail.com', '+380931112233', 'lead'],
      ['Maria', 'Garcia', 'maria.garcia@hotmail.com', '+34 600 123 456', 'student; paid'],
      ['Olena', 'K.', 'olenakovalenko+courses@gmail.com', '', 'alias'],
      ['Nadia', 'Lysenko', 'nadia.lysenko@gmail.com', '', 'typo no at'],
      ['Yurii', 'Tkachenko', 'yurii.t@ukr.net', '', 'two addresses'],
      ...clean(16, 17, 18),
      ['Iryna', 'Savchenko', 'iryna@gmail.com', '', 'cyrillic y'],
      ...clean(22),
    ]);
    // Written as the run writes clean.csv: UTF-8, `,`, CRLF.
    expect(readFileSync(join(out, 'import.csv'), 'utf8')).toContain('Klaus,Müller,klaus.mueller@web.de,,spaces\r\n');
    expect(readCsv(join(out, 'apply-problems.csv'))).toEqual([[...HEADER, 'validation_line', 'validation_reason', 'validation_detail', 'validation_suggestion', 'validation_action']]);

    const report = readApplyReport(out);
    expect(report.totals).toEqual({ rows: 21, imported: 15, clean: 8, kept: 1, fixed: 6, dropped: 5, deleted: 1, refused: 0, notSelected: 0 });
    expect(report.actions).toEqual({ keep: 1, fix: 6, drop: 5 });
    expect(report.read.review).toEqual({ file: 'review.csv', encoding: 'windows-1251', delimiter: ';', rows: 7 });
    expect(report.reasons.possible_typo).toEqual({ kept: 0, fixed: 2, dropped: 0, deleted: 1, refused: 0, notSelected: 0 });
    expect(report.reasons.role_account).toMatchObject({ dropped: 1 });
    expect(report.reasons.invalid_syntax).toMatchObject({ fixed: 1 });
    expect(report.mode).toBe('person');
    expect(result.stdout.replaceAll(out, '<out>')).toBe(
      [
        `kwiga-validate ${report.tool.version} · apply · decisions applied in <out>`,
        '',
        '  Imported  15   clean 8 · kept 1 · fixed 6',
        '  Left out   6   dropped 5 · deleted from review/rejected 1',
        '',
        'Files in <out>',
        '  import.csv          15 rows — ready to import into Kwiga',
        '  apply-problems.csv  0 rows — refused keeps and fixes, each with the reason',
        '  apply-report.json   for programs',
        '',
      ].join('\n'),
    );
    // Nothing else was touched, and nothing is left half-written.
    expect(readdirSync(out).sort()).toEqual(['.kwiga-rows.csv', 'apply-problems.csv', 'apply-report.json', 'clean.csv', 'import.csv', 'rejected.csv', 'report.html', 'report.json', 'review.csv']);
  });

  it('without edits, gives what --apply gives', async () => {
    const out = await runExample();
    expect((await runCli(['apply', out, '-q'])).code).toBe(0);
    const auto = await runExample('--apply');
    expect(readFileSync(join(out, 'import.csv'), 'utf8')).toBe(readFileSync(join(auto, 'import.csv'), 'utf8'));
  });

  it('speaks the run\'s language, or --lang; --json prints apply-report.json', async () => {
    const out = await runExample('--lang', 'uk');
    const uk = await runCli(['apply', out]);
    expect(uk.stdout).toContain('До імпорту');
    expect(readApplyReport(out).lang).toBe('uk');
    const it = await runCli(['apply', out, '--lang', 'it']);
    expect(it.stdout).toContain('Importate');
    const json = await runCli(['apply', out, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(readApplyReport(out));
  });
});

describe('nothing is written when the files cannot be matched to the run (exit 2, one line naming the row)', () => {
  /** A run, applied once (so an import.csv exists). */
  let applied = '';
  beforeAll(async () => {
    applied = await runExample();
    expect((await runCli(['apply', applied, '-q'])).code).toBe(0);
  });

  /** A copy of the applied run with review.csv edited by `edit`. */
  function appliedThenEdited(edit: (review: EditableSheet) => void): string {
    const out = copyOf(applied);
    const review = new EditableSheet(join(out, 'review.csv'));
    edit(review);
    saveAsExcel(join(out, 'review.csv'), review.all());
    return out;
  }

  it.each<[string, (review: EditableSheet) => void, string]>([
    ['a corrupted action', (r) => r.set(7, 'validation_action', 'fixx'), 'review.csv line 3 (validation_line 7): validation_action "fixx" is not keep, fix or drop: write keep, fix or drop and apply again; nothing was written'],
    ['an emptied action', (r) => r.set(7, 'validation_action', ' '), 'review.csv line 3 (validation_line 7): validation_action is empty: write keep, fix or drop and apply again; nothing was written'],
    ['a line number not in the run', (r) => r.set(7, 'validation_line', '999'), 'review.csv line 3: validation_line "999" is not a row of review or rejected in this run: put the number back as it was, or delete the row; nothing was written'],
    ['the line of a clean row', (r) => r.set(7, 'validation_line', '2'), 'review.csv line 3: validation_line "2" is not a row of review or rejected in this run: put the number back as it was, or delete the row; nothing was written'],
    ['a row pasted twice', (r) => r.rows.push([...r.row(7)]), 'review.csv line 10: validation_line 7 appears twice (also review.csv line 3): delete one of the two rows; nothing was written'],
    ['the action column deleted', (r) => { const at = r.column('validation_action'); r.header.splice(at, 1); for (const row of r.rows) row.splice(at, 1); }, 'review.csv has no validation_action column, which apply needs: restore it (or run the check again); nothing was written'],
    ['an input column deleted', (r) => { r.header.splice(3, 1); for (const row of r.rows) row.splice(3, 1); }, 'review.csv has no column "Phone" any more; import.csv needs every column of the input: restore it; nothing was written'],
  ])('%s', async (_name, edit, message) => {
    const out = appliedThenEdited(edit);
    const before = snapshot(out);
    const result = await runCli(['apply', out]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`kwiga-validate: ${message}\n`);
    expect(result.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    ['a folder without report.json', (dir) => dir, /holds no report\.json, so it is not the results of a finished kwiga-validate run/],
    ['a folder that does not exist', (dir) => join(dir, 'nothing'), /does not exist: pass the folder a kwiga-validate run wrote its results to/],
    ['a file', (dir) => (writeFileSync(join(dir, 'list.csv'), 'Email\na@b.co\n'), join(dir, 'list.csv')), /is not a folder/],
    ['a report.json that is not ours', (dir) => (writeFileSync(join(dir, 'report.json'), '{"totals": 1}'), dir), /is not a report\.json kwiga-validate wrote: run the check again/],
  ])('refuses %s', async (_name, make, message) => {
    const dir = tempDir('kwiga-apply-not-');
    const target = make(dir);
    const result = await runCli(['apply', target]);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.code).toBe(2);
    expect(existsSync(join(dir, 'import.csv'))).toBe(false);
  });

  it('refuses when Excel saved the edits as review.xlsx beside review.csv', async () => {
    const out = copyOf(applied);
    writeFileSync(join(out, 'review.xlsx'), 'a workbook a person saved after the run');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(out, 'review.xlsx'), later, later);
    const result = await runCli(['apply', out]);
    expect(result.stderr).toBe('kwiga-validate: review.xlsx is newer than review.csv, so your decisions may be in it, but apply reads review.csv: save your edits as review.csv (format CSV) and delete review.xlsx; nothing was written\n');
    expect(result.code).toBe(2);
  });

  it('refuses a run whose clean.csv was changed (its rows are matched by position)', async () => {
    const out = copyOf(applied);
    const [header, ...rows] = readCsv(join(out, 'clean.csv'));
    saveAsExcel(join(out, 'clean.csv'), [header!, ...rows.slice(1)], { delimiter: ',', encoding: 'utf-8' });
    const result = await runCli(['apply', out]);
    expect(result.stderr).toBe('kwiga-validate: clean.csv has 7 rows, not the 8 rows the run wrote: apply needs it as the run left it; run the check again; nothing was written\n');
    expect(result.code).toBe(2);
    expect(readFileSync(join(out, 'import.csv'))).toEqual(readFileSync(join(applied, 'import.csv')));
  });
});

describe('--apply and --apply-reasons on the main command', () => {
  it('--apply: import.csv from the prefilled actions; the summary says how many rows were changed', async () => {
    const out = join(tempDir('kwiga-apply-'), 'out');
    const result = await runCli([EXAMPLE, '--offline', '--apply', '-o', out, '--no-color']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Applied (--apply) import.csv: 15 rows to import, 6 of them with a corrected address\n');
    const report = readApplyReport(out);
    expect(report.mode).toBe('auto');
    expect(report.totals).toEqual({ rows: 21, imported: 15, clean: 8, kept: 1, fixed: 6, dropped: 6, deleted: 0, refused: 0, notSelected: 0 });
    const emails = readCsv(join(out, 'import.csv')).slice(1).map((r) => r[2]);
    expect(emails).toContain('andrii.moroz@gmail.com');
    expect(emails).toContain('info@kwiga-school.com.ua'); // role address: prefilled keep
    expect(emails).not.toContain('olenakovalenko+courses@gmail.com'); // duplicate_alias: prefilled drop
    expect(readReport(out).totals.rows).toBe(21);
  });

  it('--apply-reasons possible_typo: only the typo rows are fixed, every other flagged row stays out', async () => {
    const out = await runExample('--apply', '--apply-reasons', 'possible_typo');
    const report = readApplyReport(out);
    expect(report.selectedReasons).toEqual(['possible_typo']);
    expect(report.totals).toMatchObject({ imported: 11, clean: 8, kept: 0, fixed: 3, notSelected: 10 });
    const [, ...rows] = readCsv(join(out, 'import.csv'));
    expect(rows.map((r) => r[2])).toEqual([
      ...clean(2, 3, 4, 5).map((r) => r[2]),
      'piotr.nowak@gmail.com',
      'maria.garcia@hotmail.com',
      ...clean(16, 17, 18).map((r) => r[2]),
      'andrii.moroz@gmail.com',
      ...clean(22).map((r) => r[2]),
    ]);
  });

  it.each<[string[], string]>([
    [['--apply', '--apply-reasons', 'posible_typo'], 'Invalid option --apply-reasons: expected one of '],
    [['--apply-reasons', 'possible_typo'], '--apply-reasons only says which rows --apply changes: add --apply, or leave --apply-reasons out'],
  ])('%j is a usage error', async (flags, message) => {
    const out = join(tempDir('kwiga-apply-'), 'out');
    const result = await runCli([EXAMPLE, '--offline', '-o', out, ...flags]);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('a new run into the folder removes the import of the old one', async () => {
    const out = await runExample('--apply');
    expect(existsSync(join(out, 'import.csv'))).toBe(true);
    await runCli([EXAMPLE, '--offline', '-q', '-o', out]);
    expect(readdirSync(out).filter((f) => f.startsWith('import') || f.startsWith('apply-'))).toEqual([]);
  });
});

describe('a list from Ukrainian Excel (windows-1251, ;)', () => {
  it('gets results and an import.csv that Excel opens: ; and a UTF-8 BOM, as clean.csv', async () => {
    const dir = tempDir('kwiga-apply-1251-');
    const input = join(dir, 'list.csv');
    const text = "Ім'я;Email;Курс\r\nОлена;olena.koval@ukr.net;Англійська; рівень 2\r\nТарас;тарас.коваль@gmail.com;Шахи\r\n";
    writeFileSync(input, iconv.encode(text.replace('Англійська; рівень 2', '"Англійська; рівень 2"'), 'windows-1251'));
    const out = join(dir, 'out');
    const result = await runCli([input, '--offline', '-q', '-o', out, '--apply']);
    expect(result.stderr).toBe('');
    expect(readReport(out).apply).toMatchObject({ delimiter: ';', bom: true });
    const bytes = readFileSync(join(out, 'import.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1)).toBe("Ім'я;Email;Курс\r\nОлена;olena.koval@ukr.net;\"Англійська; рівень 2\"\r\nТарас;taras.koval@gmail.com;Шахи\r\n");
  });
});

describe('`apply` as the first argument', () => {
  it('needs the folder; where a file is named apply, says how to check it', async () => {
    const dir = tempDir('kwiga-apply-word-');
    writeFileSync(join(dir, 'apply'), 'Email\nolena.k@gmail.com\n');
    const result = await runCli(['apply'], { cwd: dir });
    expect(result.stderr).toBe("kwiga-validate: Missing required argument 'out-dir'; to check the file named apply, write ./apply (see kwiga-validate apply --help)\n");
    expect(result.code).toBe(2);
    const checked = await runCli(['./apply', '--offline', '-q'], { cwd: dir });
    expect(checked.code).toBe(0);
    expect(readReport(join(dir, 'apply.validated')).totals.clean).toBe(1);
  });

  it('lists apply in the main help, and has its own', async () => {
    expect((await runCli(['--help'])).stdout).toContain('kwiga-validate apply <out-dir>');
    const help = await runCli(['apply', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kwiga-validate apply [options] <out-dir>');
  });
});
