/**
 * Spreadsheet files told apart by content, never by extension: a `.csv` that is really a
 * workbook is read as one, and a workbook we cannot read is refused with one line that names its
 * format and what to do.
 */
import { basename } from 'node:path';
import { KwigaError } from '../../model/errors.js';
import { ByteBudget } from './limits.js';
import { listOle2Streams, OLE2_MAGIC } from './ole2.js';
import { damaged, findEntry, readEntry, readZipIndex, type ZipIndex } from './zip.js';

/** Spreadsheet formats recognised by content; only `xlsx` is read. */
export type SpreadsheetFormat =
  /** Office Open XML workbook (`.xlsx`, `.xlsm`, `.xltx`): a ZIP holding `xl/workbook.xml`. */
  | 'xlsx'
  /** Excel binary workbook: a ZIP holding `xl/workbook.bin`. */
  | 'xlsb'
  /** Legacy Excel 97–2003 workbook: an OLE2 file with a `Workbook` (or `Book`) stream. */
  | 'xls'
  /** OpenDocument spreadsheet: a ZIP whose `mimetype` says so. */
  | 'ods'
  /** Apple Numbers: a ZIP of `Index/*.iwa` parts. */
  | 'numbers'
  /** A password-protected OOXML workbook: an OLE2 file with `EncryptionInfo` and `EncryptedPackage`. */
  | 'encrypted';

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * Whether the first bytes are a ZIP (`PK\x03\x04`, or `PK\x05\x06` for an empty one) or an OLE2
 * file: only then is `sniffSpreadsheet` worth a look at the whole file.
 */
export function looksLikeContainer(head: Uint8Array): boolean {
  if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return true;
  return head.length >= 8 && Buffer.from(head.buffer, head.byteOffset, 8).equals(OLE2_MAGIC);
}

/**
 * The spreadsheet format of the file at `path`, or undefined when it is no spreadsheet (a text
 * file, a Word document, a plain ZIP). A ZIP without a readable central directory is refused:
 * no reader could make sense of it.
 */
export async function sniffSpreadsheet(path: string): Promise<SpreadsheetFormat | undefined> {
  const name = basename(path);
  const streams = await listOle2Streams(path);
  if (streams) {
    if (streams.has('EncryptionInfo') && streams.has('EncryptedPackage')) return 'encrypted';
    if (streams.has('Workbook') || streams.has('Book')) return 'xls';
    return undefined;
  }
  const zip = await readZipIndex(path, name);
  if (!zip) return undefined;
  if (findEntry(zip, 'xl/workbook.xml')) return 'xlsx';
  if (findEntry(zip, 'xl/workbook.bin')) return 'xlsb';
  if (await hasOdsMimetype(zip, name)) return 'ods';
  for (const key of zip.entries.keys()) if (key.startsWith('index/') && key.endsWith('.iwa')) return 'numbers';
  return undefined;
}

/** ODF 1.3 part 2 §3.3: the first entry, stored, named `mimetype`, holding the media type. */
async function hasOdsMimetype(zip: ZipIndex, name: string): Promise<boolean> {
  const entry = findEntry(zip, 'mimetype');
  if (!entry || entry.size > 256) return false;
  const parts: Buffer[] = [];
  for await (const chunk of readEntry(zip, entry, { name, budget: new ByteBudget(256, name) })) parts.push(chunk);
  return Buffer.concat(parts).toString('latin1').trim() === ODS_MIME;
}

const REFUSALS: Record<Exclude<SpreadsheetFormat, 'xlsx'>, string> = {
  xls: 'is an old Excel 97-2003 workbook (.xls): open it in Excel or LibreOffice and save it as .xlsx or CSV UTF-8',
  xlsb: 'is an Excel binary workbook (.xlsb): open it in Excel and save it as .xlsx or CSV UTF-8',
  ods: 'is an OpenDocument spreadsheet (.ods): open it in LibreOffice or Excel and save it as .xlsx or CSV UTF-8',
  numbers: 'is an Apple Numbers file: export it from Numbers (File > Export To) as Excel .xlsx or CSV UTF-8',
  encrypted:
    'is a password-protected workbook: open it, remove the password (File > Info > Protect Workbook) and save it as .xlsx, or save it as CSV UTF-8',
};

/** The one-line INPUT error for a spreadsheet format we do not read. */
export function refuseSpreadsheet(format: Exclude<SpreadsheetFormat, 'xlsx'>, name: string): KwigaError {
  return new KwigaError('INPUT', `${name} ${REFUSALS[format]}`);
}

/**
 * `'xlsx'` when the file is a workbook we read, undefined when it is no spreadsheet at all (the
 * CSV reader takes it from there), and an INPUT error for every other spreadsheet format.
 */
export async function detectWorkbook(path: string): Promise<'xlsx' | undefined> {
  const name = basename(path);
  const format = await sniffSpreadsheet(path).catch((error: unknown) => {
    if (error instanceof KwigaError) throw error;
    throw damaged(name, error);
  });
  if (format === undefined || format === 'xlsx') return format;
  throw refuseSpreadsheet(format, name);
}
