/**
 * Workbooks through the built binary, as a user runs it: values as a person sees them in the CSV
 * outputs, the sheet's own row numbers, `--sheet`, workbooks on standard input, refusals of the
 * formats we do not read and of ZIP bombs (exit 2, one line), and the bundled example list saved
 * as .xlsx giving the same verdicts as its CSV.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { openWorkbook } from '../src/io/xlsx/index.js';
import { readReport } from './helpers/report.js';
import { craftWorkbook, inlineCell, writeZip } from './helpers/xlsx-craft.js';

const XLSX = join(FIXTURES, 'xlsx');
const LIBREOFFICE = join(XLSX, 'students-libreoffice.xlsx');
const EXCELJS = join(XLSX, 'students-exceljs.xlsx');
const MiB = 1024 * 1024;

const csvRows = (path: string) => parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];

/** Runs the CLI offline into a fresh folder with CSV outputs; fails on a non-zero exit. */
async function runCsv(input: string, ...args: string[]): Promise<string> {
  const out = tempDir();
  const result = await runCli([input, '--offline', '-q', '--output-format', 'csv', '-o', out, ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

/** A refused run: exit 2, one line on stderr, nothing on stdout, no stack trace, no out dir. */
async function refused(args: string[], input?: Buffer): Promise<string> {
  const out = join(tempDir(), 'out');
  const result = await runCli([...args, '--offline', '-o', out], input ? { input } : {});
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  return result.stderr.trimEnd();
}

describe('a LibreOffice workbook, CSV out', () => {
  it('gives the values as a person sees them, and the sheet its own row numbers', async () => {
    const out = await runCsv(LIBREOFFICE);
    // A workbook's CSVs start with a BOM, so the Excel that made the workbook reads them as UTF-8.
    expect(readFileSync(join(out, 'clean.csv'), 'utf8').split('\r\n')).toEqual([
      "\uFEFFID,Ім'я,Email,Телефон,Дата запису,Оплачено,Знижка,Разом,Індекс",
      '1001,Олена,olena.kovalenko@gmail.com,+380501112233,2024-01-15,0.1,15%,0.3,01234',
      '1002,Іван,ivan.petrenko@ukr.net,380671234567,2024-02-01 10:30,1250.50,10%,#N/A,04000',
      '1003,Марко Россі,marco.rossi@libero.it,0501112233,1999-12-31,99.99,0%,VIP-1003,',
      '1005,Софія,sofia.melnyk@ukr.net,,,,,,',
      '1006,Тарас,taras@i.ua,12345678901234600000,1,0.000001,,,',
      '',
    ]);
    // Row 8 of the sheet: title (1), subtitle (2), blank (3), header (4), then 1001 … in 5 ….
    const rejected = csvRows(join(out, 'rejected.csv'));
    expect(rejected.slice(1).map((r) => [r[0], r.at(-5), r.at(-4), r.at(-1)])).toEqual([['1004', '8', 'missing_email', 'drop']]);
    const report = readReport(out);
    expect(report.input).toMatchObject({ format: 'xlsx', sheet: 'Students', emailColumn: 'Email', rows: 6, preambleLines: 2, blankLines: 2, hasHeader: true });
    expect(report.outputs).toEqual({ clean: 'clean.csv', review: 'review.csv', rejected: 'rejected.csv', html: 'report.html' });
    expect(readdirSync(out).sort()).toEqual(['.kwiga-rows.csv', 'clean.csv', 'rejected.csv', 'report.html', 'report.json', 'review.csv']);
  });

  it('an exceljs workbook too: inline strings, formulas by their cached values, a hostile cell as text', async () => {
    const out = await runCsv(EXCELJS);
    expect(csvRows(join(out, 'clean.csv'))).toEqual([
      ["Ім'я", 'Електронна пошта', 'Телефон', 'Дата', 'Сума', 'Коментар'],
      ['Олена Коваленко', 'olena.kovalenko@ukr.net', '+380501112233', '1990-05-17', '1250.50', "=cmd|' /C calc'!A0"],
      ['Іван', 'ivan.petrenko@i.ua', '0671234567', '2024-03-01 09:15', '0.3', '#DIV/0!'],
      ['Марія', 'maria.rossi@gmail.com', '+39 333 1234567', '2024-02-29', '2501', '-5 кг'],
    ]);
    expect(csvRows(join(out, 'rejected.csv'))[1]!.slice(0, 8)).toEqual(['Петро', '', '380931112233', '', '#N/A', 'TRUE', '6', 'missing_email']);
    expect(readReport(out).input).toMatchObject({ sheet: 'Контакти', preambleLines: 1, blankLines: 1 });
  });

  it('the summary names the sheet', async () => {
    const result = await runCli([LIBREOFFICE, '--offline', '--output-format', 'csv', '-o', tempDir()]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe('Excel workbook, sheet "Students", address column "Email"');
  });

  it('a workbook named .csv is read as a workbook: content decides, not the name', async () => {
    const dir = tempDir();
    copyFileSync(LIBREOFFICE, join(dir, 'contacts.csv'));
    const out = await runCsv(join(dir, 'contacts.csv'));
    expect(readReport(out).input).toMatchObject({ format: 'xlsx', sheet: 'Students', rows: 6 });
  });
});

describe('--sheet', () => {
  it.each([
    ['by name', 'Archive 2023', 'Archive 2023', 2],
    ['by name, ignoring case', 'archive 2023', 'Archive 2023', 2],
    ['by number', '3', 'Archive 2023', 2],
    ['the default is the first sheet with addresses', undefined, 'Students', 6],
  ])('%s', async (_name, sheet, name, rows) => {
    const out = await runCsv(LIBREOFFICE, ...(sheet === undefined ? [] : ['--sheet', sheet]));
    expect(readReport(out).input).toMatchObject({ sheet: name, rows });
  });

  it('from the config file too', async () => {
    const dir = tempDir();
    const config = join(dir, 'cfg.json');
    writeFileSync(config, JSON.stringify({ sheet: 3 }));
    const out = await runCsv(LIBREOFFICE, '--config', config);
    expect(readReport(out).input.sheet).toBe('Archive 2023');
  });

  it('a sheet that does not exist: exit 2, naming the sheets there are', async () => {
    expect(await refused([LIBREOFFICE, '--sheet', 'Nope'])).toBe(
      'kwiga-validate: students-libreoffice.xlsx has no sheet "Nope": its sheets are 1 "Summary", 2 "Students", 3 "Archive 2023"; pick one with --sheet <name|number>',
    );
    expect(await refused([LIBREOFFICE, '--sheet', '9'])).toMatch(/has no sheet "9"/);
  });

  it('a sheet without addresses: exit 2', async () => {
    expect(await refused([LIBREOFFICE, '--sheet', 'Summary'])).toMatch(/sheet "Summary" has no column that looks like email addresses: name it with --email-column$/);
  });

  it('is ignored for CSV input', async () => {
    const out = await runCsv(join(FIXTURES, 'example-contacts.csv'), '--sheet', 'Students');
    expect(readReport(out).input).toMatchObject({ format: 'csv', rows: 21 });
    expect(readReport(out).input.sheet).toBeUndefined();
  });
});

describe('standard input', () => {
  it('a workbook on - is read through a temporary file that is removed afterwards', async () => {
    const dir = tempDir();
    const tmp = tempDir();
    const result = await runCli(['-', '--offline', '-q'], { cwd: dir, input: readFileSync(LIBREOFFICE), env: { TMPDIR: tmp } });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const report = readReport(join(dir, 'stdin.validated'));
    expect(report.input).toMatchObject({ file: '-', format: 'xlsx', sheet: 'Students', rows: 6 });
    expect(readdirSync(join(dir, 'stdin.validated')).sort()).toEqual(['.kwiga-rows.csv', 'clean.xlsx', 'rejected.xlsx', 'report.html', 'report.json', 'review.xlsx']);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a refused workbook on - names standard input, and the temporary file goes too', async () => {
    const tmp = tempDir();
    const out = join(tempDir(), 'out');
    const result = await runCli(['-', '--offline', '-o', out], { input: readFileSync(join(XLSX, 'students.xls')), env: { TMPDIR: tmp } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kwiga-validate: standard input is an old Excel 97-2003 workbook \(\.xls\): .*save it as \.xlsx or CSV UTF-8\n$/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a workbook through process substitution (<(cat list.xlsx): a pipe at /dev/fd/N) is read once, as standard input', async () => {
    const dir = tempDir();
    copyFileSync(LIBREOFFICE, join(dir, 'list.xlsx'));
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['-c', `exec "${process.execPath}" "${BIN}" <(cat list.xlsx) --offline -q --output-format csv`], { cwd: dir, stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const report = readReport(join(dir, 'stdin.validated'));
    expect(report.input).toMatchObject({ format: 'xlsx', sheet: 'Students', rows: 6 });
    expect(report.input.file).toMatch(/^\/dev\/fd\/\d+$/);
  });

  it('text on - is still read as CSV', async () => {
    const dir = tempDir();
    const result = await runCli(['-', '--offline', '-q'], { cwd: dir, input: 'PK,email\n1,olena@gmail.com\n' });
    expect(result.code).toBe(0);
    expect(readReport(join(dir, 'stdin.validated')).input).toMatchObject({ format: 'csv', rows: 1 });
  });
});

describe('refusals: exit 2 with one line naming the format and what to do', () => {
  const dir = tempDir();
  it.each([
    ['students.xls', /students\.xls is an old Excel 97-2003 workbook \(\.xls\): open it in Excel or LibreOffice and save it as \.xlsx or CSV UTF-8$/],
    ['students.ods', /students\.ods is an OpenDocument spreadsheet \(\.ods\): open it in LibreOffice or Excel and save it as \.xlsx or CSV UTF-8$/],
    ['students-encrypted.xlsx', /students-encrypted\.xlsx is a password-protected workbook: .*save it as \.xlsx, or save it as CSV UTF-8$/],
  ])('%s', async (name, message) => {
    expect(await refused([join(XLSX, name)])).toMatch(message);
  });

  it('Numbers and .xlsb', async () => {
    const numbers = join(dir, 'list.numbers');
    await writeZip(numbers, [{ name: 'Index/Document.iwa', data: 'iwa' }, { name: 'Metadata/Properties.plist', data: 'plist' }]);
    expect(await refused([numbers])).toMatch(/list\.numbers is an Apple Numbers file: export it .* as Excel \.xlsx or CSV UTF-8$/);
    const xlsb = join(dir, 'list.xlsb');
    await writeZip(xlsb, [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: 'binary' }]);
    expect(await refused([xlsb])).toMatch(/list\.xlsb is an Excel binary workbook \(\.xlsb\): .*save it as \.xlsx or CSV UTF-8$/);
  });

  it('a Word document is still named as one', async () => {
    const docx = join(dir, 'letter.docx');
    await writeZip(docx, [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]);
    expect(await refused([docx])).toMatch(/letter\.docx is a Word document, not a contact list/);
  });

  it('a ZIP bomb: a 64 MiB cell in a file of a few KiB is refused while it inflates', async () => {
    const bomb = join(dir, 'bomb.xlsx');
    const zeros = Buffer.alloc(MiB, 0x30);
    await writeZip(
      bomb,
      craftWorkbook([
        {
          name: 'Bomb',
          rows: async function* () {
            yield Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
            yield Buffer.from(`<row r="1">${inlineCell('A1', 'Email')}</row><row r="2"><c r="A2"><v>`);
            for (let i = 0; i < 64; i++) yield zeros;
            yield Buffer.from('</v></c></row></sheetData></worksheet>');
          },
        },
      ]),
    );
    expect(statSync(bomb).size).toBeLessThan(MiB / 4);
    expect(await refused([bomb])).toBe(
      'kwiga-validate: bomb.xlsx is too large to read safely (a cell longer than 524,288 characters, which no spreadsheet writes): save the list as CSV UTF-8, or split it',
    );
  });

  it('a workbook of more rows than Excel allows', async () => {
    const tall = join(dir, 'tall.xlsx');
    await writeZip(tall, craftWorkbook([{ name: 'S', rows: `<row r="1">${inlineCell('A1', 'Email')}</row><row r="1048577">${inlineCell('A1048577', 'a@b.com')}</row>` }]));
    expect(await refused([tall])).toMatch(/^kwiga-validate: tall\.xlsx is too large to read safely \(a row past 1,048,576\): save the list as CSV UTF-8, or split it$/);
  });
});

describe('the example list saved as .xlsx', () => {
  it('gives the same verdicts as its CSV, row for row (but the one line LibreOffice could not keep broken)', async () => {
    const fromCsv = await runCsv(join(FIXTURES, 'example-contacts.csv'));
    const fromXlsx = await runCsv(join(XLSX, 'example-contacts.xlsx'));
    // The same bytes, but the BOM a workbook's CSVs start with.
    const text = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
    expect(text(fromXlsx, 'clean.csv')).toBe(`\uFEFF${text(fromCsv, 'clean.csv')}`);
    expect(text(fromXlsx, 'review.csv')).toBe(`\uFEFF${text(fromCsv, 'review.csv')}`);
    const csv = csvRows(join(fromCsv, 'rejected.csv'));
    const xlsx = csvRows(join(fromXlsx, 'rejected.csv'));
    expect(xlsx.map((r) => r.at(-5))).toEqual(csv.map((r) => r.at(-5)));
    // Line 21 has an unclosed quote: a malformed_row in the CSV; the workbook holds the two cells
    // the line meant (fixtures/xlsx/README.md), so its email cell is empty.
    const differs = xlsx.flatMap((row, i) => (row.join('\u0000') === csv[i]!.join('\u0000') ? [] : [[csv[i]!.at(-4), row.at(-5), row.at(-4)]]));
    expect(differs).toEqual([['malformed_row', '21', 'missing_email']]);
    const [a, b] = [readReport(fromCsv), readReport(fromXlsx)];
    expect(b.totals).toEqual(a.totals);
    expect({ ...b.reasons, malformed_row: 1, missing_email: b.reasons.missing_email - 1 }).toEqual(a.reasons);
  });
});

describe('the whole flow on a workbook: run, then apply', () => {
  it('import.xlsx holds the same rows as the CSV flow’s import.csv, as typed cells', async () => {
    const [fromCsv, fromXlsx] = [tempDir(), tempDir()];
    expect((await runCli([join(FIXTURES, 'example-contacts.csv'), '--offline', '-q', '-o', fromCsv])).code).toBe(0);
    expect((await runCli([join(XLSX, 'example-contacts.xlsx'), '--offline', '-q', '-o', fromXlsx])).code).toBe(0);
    for (const out of [fromCsv, fromXlsx]) expect((await runCli(['apply', out, '-q'])).code).toBe(0);
    const reader = await openWorkbook(join(fromXlsx, 'import.xlsx'));
    const rows: string[][] = [reader.meta.header!];
    for await (const batch of reader.rows()) rows.push(...batch.map((r) => r.fields));
    expect(rows).toEqual(csvRows(join(fromCsv, 'import.csv')));
    expect(rows.length).toBeGreaterThan(10);
  });
});
