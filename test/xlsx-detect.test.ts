import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectWorkbook, looksLikeContainer, refuseSpreadsheet, sniffSpreadsheet } from '../src/io/xlsx/detect.js';
import { listOle2Streams } from '../src/io/xlsx/ole2.js';
import { openWorkbook } from '../src/io/xlsx/reader.js';
import { FIXTURES } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { craftWorkbook, writeZip } from './helpers/xlsx-craft.js';
import { kwigaFailure } from './helpers/errors.js';

const XLSX = join(FIXTURES, 'xlsx');
const tmp = tempDir('kwiga-xlsx-detect-');
let counter = 0;
const path = (name: string) => join(tmp, `${counter++}-${name}`);

async function zipOf(name: string, entries: Record<string, string>): Promise<string> {
  const file = path(name);
  await writeZip(file, Object.entries(entries).map(([n, data]) => ({ name: n, data, store: n === 'mimetype' })));
  return file;
}

describe('detection by content', () => {
  it.each([
    ['students-libreoffice.xlsx', 'xlsx'],
    ['students-exceljs.xlsx', 'xlsx'],
    ['example-contacts.xlsx', 'xlsx'],
    ['dates-1904-libreoffice.xlsx', 'xlsx'],
    ['students.xls', 'xls'],
    ['students.ods', 'ods'],
    ['students-encrypted.xlsx', 'encrypted'],
  ])('%s is %s', async (name, format) => {
    expect(await sniffSpreadsheet(join(XLSX, name))).toBe(format);
  });

  it('a CSV, an empty file and a PDF are no spreadsheet', async () => {
    expect(await sniffSpreadsheet(join(FIXTURES, 'example-contacts.csv'))).toBeUndefined();
    const empty = path('empty.csv');
    writeFileSync(empty, '');
    expect(await sniffSpreadsheet(empty)).toBeUndefined();
    const pdf = path('x.pdf');
    writeFileSync(pdf, '%PDF-1.7\n');
    expect(await sniffSpreadsheet(pdf)).toBeUndefined();
  });

  it('a workbook named .csv is a workbook; the name never decides', async () => {
    const disguised = path('contacts.csv');
    copyFileSync(join(XLSX, 'students-libreoffice.xlsx'), disguised);
    expect(await detectWorkbook(disguised)).toBe('xlsx');
    const reader = await openWorkbook(disguised);
    expect(reader.meta.sheet).toBe('Students');
  });

  it('reads the central directory, not the first bytes: xl/workbook.xml listed last still counts', async () => {
    const parts = craftWorkbook([{ name: 'S', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>x@y.com</t></is></c></row>' }]);
    const file = path('order.xlsx');
    await writeZip(file, [...parts.filter((p) => p.name !== 'xl/workbook.xml'), parts.find((p) => p.name === 'xl/workbook.xml')!]);
    expect(await sniffSpreadsheet(file)).toBe('xlsx');
    // A ZIP that only mentions the name in a file's content is not a workbook.
    expect(await sniffSpreadsheet(await zipOf('mention.zip', { 'readme.txt': 'see xl/workbook.xml' }))).toBeUndefined();
  });

  it.each([
    ['Word document', { '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }, undefined],
    ['plain zip', { 'contacts.csv': 'Email\na@b.com\n' }, undefined],
    ['xlsb', { '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': 'binary' }, 'xlsb'],
    ['Numbers', { 'Index/Document.iwa': 'iwa', 'Metadata/Properties.plist': 'plist' }, 'numbers'],
    ['ODS', { mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' }, 'ods'],
    ['ODT', { mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' }, undefined],
  ])('a ZIP that is a %s', async (_, entries, format) => {
    expect(await sniffSpreadsheet(await zipOf('x.zip', entries))).toBe(format);
  });

  it('a ZIP cut short (no central directory) is no workbook to the sniffer, and a damaged one to openWorkbook', async () => {
    const whole = readFileSync(join(XLSX, 'students-libreoffice.xlsx'));
    const cut = path('cut.xlsx');
    writeFileSync(cut, whole.subarray(0, 3000));
    expect(await sniffSpreadsheet(cut)).toBeUndefined();
    const error = await kwigaFailure(openWorkbook(cut));
    expect(error.message).toMatch(/is not an Excel workbook/);
  });

  it('a central directory pointing past the end of the file is damaged', async () => {
    const whole = Buffer.from(readFileSync(join(XLSX, 'students-libreoffice.xlsx')));
    const end = whole.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    whole.writeUInt32LE(0x7fffffff, end + 16);
    const broken = path('broken.xlsx');
    writeFileSync(broken, whole);
    const error = await kwigaFailure(detectWorkbook(broken));
    expect(error.code).toBe('INPUT');
    expect(error.message).toMatch(/damaged workbook/);
  });

  it('lists the streams of OLE2 files', async () => {
    expect(await listOle2Streams(join(XLSX, 'students.xls'))).toContain('Workbook');
    const encrypted = await listOle2Streams(join(XLSX, 'students-encrypted.xlsx'));
    expect(encrypted).toContain('EncryptionInfo');
    expect(encrypted).toContain('EncryptedPackage');
    expect(await listOle2Streams(join(FIXTURES, 'example-contacts.csv'))).toBeUndefined();
  });

  it('looksLikeContainer: only ZIP and OLE2 magic numbers', () => {
    expect(looksLikeContainer(readFileSync(join(XLSX, 'students-libreoffice.xlsx')).subarray(0, 8))).toBe(true);
    expect(looksLikeContainer(readFileSync(join(XLSX, 'students.xls')).subarray(0, 8))).toBe(true);
    expect(looksLikeContainer(Buffer.from('PK\x05\x06'))).toBe(true);
    expect(looksLikeContainer(Buffer.from('Email,Name\n'))).toBe(false);
    expect(looksLikeContainer(Buffer.from('PK'))).toBe(false);
  });
});

describe('refusals: one line naming the format and what to do, exit 2', () => {
  it.each([
    ['students.xls', /students\.xls is an old Excel 97-2003 workbook \(\.xls\): .*save it as \.xlsx or CSV UTF-8$/],
    ['students.ods', /students\.ods is an OpenDocument spreadsheet \(\.ods\): .*save it as \.xlsx or CSV UTF-8$/],
    ['students-encrypted.xlsx', /students-encrypted\.xlsx is a password-protected workbook: .*save it as \.xlsx, or save it as CSV UTF-8$/],
  ])('%s', async (name, message) => {
    // One at a time: a second promise made up front could reject before it is awaited (unhandled).
    for (const attempt of [() => detectWorkbook(join(XLSX, name)), () => openWorkbook(join(XLSX, name))]) {
      const error = await kwigaFailure(attempt());
      expect(error.code).toBe('INPUT');
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    }
  });

  it('Numbers and xlsb', async () => {
    const numbers = await kwigaFailure(detectWorkbook(await zipOf('list.numbers', { 'Index/Document.iwa': 'x' })));
    expect(numbers.message).toMatch(/is an Apple Numbers file: export it .* as Excel \.xlsx or CSV UTF-8$/);
    const xlsb = await kwigaFailure(detectWorkbook(await zipOf('list.xlsb', { 'xl/workbook.bin': 'x' })));
    expect(xlsb.message).toMatch(/is an Excel binary workbook \(\.xlsb\): .*save it as \.xlsx or CSV UTF-8$/);
  });

  it('every refusal says what to do', () => {
    for (const format of ['xls', 'xlsb', 'ods', 'numbers', 'encrypted'] as const) {
      expect(refuseSpreadsheet(format, 'f').message).toMatch(/\.xlsx(, or save it as| or) CSV UTF-8$/);
    }
  });

  it('a missing file, a folder, a text file', async () => {
    expect((await kwigaFailure(openWorkbook(join(tmp, 'nope.xlsx')))).message).toMatch(/does not exist: check the path/);
    expect((await kwigaFailure(openWorkbook(tmp))).message).toMatch(/is a directory/);
    expect((await kwigaFailure(openWorkbook(join(FIXTURES, 'example-contacts.csv')))).message).toMatch(/is not an Excel workbook \(\.xlsx\)/);
  });
});
