/**
 * The workbook reader: the same `InputReader` as the CSV reader, over one sheet of an `.xlsx`.
 * Rows carry their cells as a person sees them (`fields`) and typed (`cells`, for the xlsx
 * writer); `line` is the sheet's own row number, the one Excel shows at the left edge.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectLayout, headerScore, looksLikeEmail } from '../detect.js';
import type { InputMeta, InputReader, ReadStats } from '../reader.js';
import { KwigaError } from '../../model/errors.js';
import type { InputRow } from '../../model/row.js';
import { cellText, EMPTY_CELL, toCell, type XlsxCell } from './cell.js';
import { detectWorkbook } from './detect.js';
import { resolveLimits, type WorkbookLimits } from './limits.js';
import { columnLetters } from './opc.js';
import { WorkbookParts, type ExcelRow, type SheetInfo } from './parts.js';

/** How to read a workbook (all optional). */
export interface WorkbookOptions {
  /** The sheet: its tab name, or its 1-based position. Default: the first with an address column. */
  sheet?: string | number;
  /** Address column: 1-based number or header name. Default: detected as for CSV. */
  emailColumn?: string | number;
  /** Stops reading. */
  signal?: AbortSignal;
  /** Caps against ZIP bombs; each defaults to `DEFAULT_LIMITS`. */
  limits?: Partial<WorkbookLimits>;
}

/** A data row of a workbook. */
export interface XlsxInputRow extends InputRow {
  /** The row's cells, typed, by column (same length as `fields`). */
  cells?: XlsxCell[];
}

/** What the reader found out about the workbook. */
export interface WorkbookMeta extends InputMeta {
  /** Always `xlsx`. */
  format: 'xlsx';
  /** The tab name of the sheet read. */
  sheet: string;
}

/** An opened workbook: its facts and the rows of one sheet. */
export interface WorkbookReader extends InputReader {
  /** Facts detected before reading rows (`encoding` utf-8, `delimiter` empty: a workbook has cells). */
  meta: WorkbookMeta;
  /** Data rows in sheet order, in batches, with their typed cells. */
  rows(): AsyncGenerator<XlsxInputRow[]>;
}

/** Non-empty rows looked at to find the header and the address column, as the CSV reader does. */
const SAMPLE_ROWS = 200;

type Record = { fields: string[]; line: number };

/** Opens an `.xlsx`, picks its sheet and address column, and returns a row stream. */
export async function openWorkbook(path: string, options: WorkbookOptions = {}): Promise<WorkbookReader> {
  const name = basename(path);
  await checkFile(path);
  if ((await detectWorkbook(path)) !== 'xlsx') {
    throw new KwigaError('INPUT', `${name} is not an Excel workbook (.xlsx): pass an .xlsx or a CSV file`);
  }
  const parts = await WorkbookParts.open(path, resolveLimits(options.limits), options.signal);
  if (parts.sheets.length === 0) throw new KwigaError('INPUT', `${name} has no worksheets: pass a workbook with the list on a sheet`);
  const chosen = await chooseSheet(parts, options);
  const { sheet, records, links } = chosen;
  const layout = chosen.layout;
  const first = records.find((r) => r.line === layout.firstLine)!;
  const header = layout.hasHeader ? first.fields : undefined;
  const columns = header ? header.length : Math.max(...records.map((r) => r.fields.length));
  const meta: WorkbookMeta = {
    file: path,
    format: 'xlsx',
    sheet: sheet.name,
    encoding: 'utf-8',
    bom: false,
    gzip: false,
    delimiter: '',
    header,
    emailColumn: layout.emailColumn,
    emailColumnName: header?.[layout.emailColumn] || `column ${layout.emailColumn + 1}`,
    columns,
    firstLine: layout.firstLine,
    otherEmailColumns: header
      ? header
          .map((cell, index) => ({ name: cell, index, score: headerScore(cell) }))
          .filter((c) => c.score > 0 && c.index !== layout.emailColumn)
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .map(({ name: n, index }) => ({ name: n, index }))
      : [],
  };
  const stats: ReadStats = { blankLines: 0, preambleLines: 0 };
  return { meta, stats, rows: () => streamRows(parts, sheet, links, meta, stats) };
}

async function checkFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`;
    throw new KwigaError('INPUT', `${path} ${why}: check the path and run again`);
  });
  if (info.isDirectory()) throw new KwigaError('INPUT', `${path} is a directory: pass the workbook inside it`);
}

type Layout = ReturnType<typeof detectLayout>;
interface Choice {
  sheet: SheetInfo;
  records: Record[];
  layout: Layout;
  links: Map<string, string>;
}

/**
 * `--sheet` by name (exact, then ignoring case) or number; otherwise the first sheet, visible ones
 * before hidden ones, whose first rows have an address column (or the column `--email-column`
 * names).
 */
async function chooseSheet(parts: WorkbookParts, options: WorkbookOptions): Promise<Choice> {
  if (options.sheet !== undefined) {
    const sheet = findSheet(parts.sheets, options.sheet);
    if (!sheet) {
      throw new KwigaError('USAGE', `${parts.name} has no sheet ${JSON.stringify(String(options.sheet))}: its sheets are ${sheetList(parts.sheets)}; pick one with --sheet <name|number>`);
    }
    const choice = await look(parts, sheet, options.emailColumn);
    if (!choice.records.length) throw new KwigaError('INPUT', `${parts.name}: sheet "${sheet.name}" is empty: pick another with --sheet (${sheetList(parts.sheets)})`);
    if (!usable(choice)) throw noColumn(parts.name, sheet, options.emailColumn, choice);
    return choice;
  }
  const order = [...parts.sheets.filter((s) => !s.hidden), ...parts.sheets.filter((s) => s.hidden)];
  for (const sheet of order) {
    const choice = await look(parts, sheet, options.emailColumn);
    if (usable(choice)) return choice;
  }
  const what = options.emailColumn !== undefined ? `a column "${String(options.emailColumn)}"` : 'a column that looks like email addresses';
  throw new KwigaError('INPUT', `${parts.name} has no sheet with ${what} (its sheets are ${sheetList(parts.sheets)}): name the sheet with --sheet and the column with --email-column`);
}

function findSheet(sheets: SheetInfo[], wanted: string | number): SheetInfo | undefined {
  const text = String(wanted).trim();
  const byName = sheets.find((s) => s.name === String(wanted)) ?? sheets.find((s) => s.name.trim().toLowerCase() === text.toLowerCase());
  if (byName) return byName;
  return /^\d+$/.test(text) ? sheets[Number(text) - 1] : undefined;
}

function sheetList(sheets: SheetInfo[]): string {
  return sheets.map((s) => `${s.number} "${s.name}"`).join(', ');
}

async function look(parts: WorkbookParts, sheet: SheetInfo, emailColumn: string | number | undefined): Promise<Choice> {
  const links = await parts.mailtoLinks(sheet);
  const records: Record[] = [];
  sampling: for await (const batch of numbered(parts, sheet)) {
    for (const { row, line } of batch) {
      const { fields } = readRow(row, line, parts.date1904, links);
      if (isBlank(fields)) continue;
      records.push({ fields, line });
      if (records.length >= SAMPLE_ROWS) break sampling;
    }
  }
  return { sheet, records, links, layout: detectLayout(await withoutGroupRows(parts, sheet, records), emailColumn) };
}

/**
 * Group headings above the header ("Контакти" merged over three columns, "Оплата" over two): a
 * row before the first one that names the address column, every value of which starts a merged
 * range, is left out when the layout is detected, so it counts as preamble, as a title does.
 * Other rows there with two values or more keep the CSV rule (nothing is skipped: they may be
 * contacts). Merges come after the rows in the XML: read only when such a row is there.
 */
async function withoutGroupRows(parts: WorkbookParts, sheet: SheetInfo, records: Record[]): Promise<Record[]> {
  const head = records.slice(0, 10);
  const header = head.findIndex((r) => r.fields.some((f) => headerScore(f) >= 60) && !r.fields.some(looksLikeEmail));
  const filled = (r: Record) => r.fields.filter((f) => f.trim() !== '').length;
  const candidates = head.slice(0, Math.max(header, 0)).filter((r) => filled(r) >= 2 && !r.fields.some((f) => f.includes('@')));
  if (candidates.length === 0) return records;
  const starts = await parts.mergeStarts(sheet);
  const groups = new Set(candidates.filter((r) => r.fields.every((f, i) => f.trim() === '' || starts.has(columnLetters(i + 1) + r.line))));
  return groups.size ? records.filter((r) => !groups.has(r)) : records;
}

function usable({ records, layout }: Choice): boolean {
  if (layout.emailColumn < 0) return false;
  const first = records.find((r) => r.line === layout.firstLine);
  const columns = layout.hasHeader && first ? first.fields.length : Math.max(0, ...records.map((r) => r.fields.length));
  return layout.emailColumn < columns;
}

function noColumn(name: string, sheet: SheetInfo, forced: string | number | undefined, choice: Choice): KwigaError {
  if (forced === undefined) return new KwigaError('INPUT', `${name}: sheet "${sheet.name}" has no column that looks like email addresses: name it with --email-column`);
  if (choice.layout.emailColumn >= 0) return new KwigaError('USAGE', `${name}: sheet "${sheet.name}" is narrower than --email-column ${String(forced)}`);
  return new KwigaError('INPUT', `${name}: sheet "${sheet.name}" has no column "${String(forced)}": check --email-column`);
}

/**
 * One row's typed cells and texts, by column, without trailing empty cells. A cell with a
 * `mailto:` link gives its text when that is an address, else the link's address.
 */
function readRow(row: ExcelRow, line: number, date1904: boolean, links: Map<string, string>): { fields: string[]; cells: XlsxCell[] } {
  const fields: string[] = [];
  const cells: XlsxCell[] = [];
  row.eachCell((excelCell, column) => {
    let cell = toCell(excelCell.value, excelCell.numFmt, date1904);
    let text = cellText(cell);
    if (links.size) {
      const address = links.get(columnLetters(column) + line);
      if (address && !text.includes('@')) {
        cell = { type: 'text', value: address };
        text = address;
      }
    }
    if (text === '' && cell.type === 'empty') return;
    for (let i = fields.length; i < column - 1; i++) {
      fields.push('');
      cells.push(EMPTY_CELL);
    }
    fields[column - 1] = text;
    cells[column - 1] = cell;
  });
  return { fields, cells };
}

/**
 * Rows after the header. Rows before it are a preamble (title, subtitle) and counted; rows a
 * sheet leaves out or holds no value in are blank lines, as blank lines in a CSV.
 */
async function* streamRows(parts: WorkbookParts, sheet: SheetInfo, links: Map<string, string>, meta: WorkbookMeta, stats: ReadStats): AsyncGenerator<XlsxInputRow[]> {
  let last = 0;
  for await (const batch of numbered(parts, sheet)) {
    const rows: XlsxInputRow[] = [];
    for (const { row, line } of batch) {
      // Rows a sheet leaves out are blank lines; a row out of order (line <= last) skips none.
      stats.blankLines += Math.max(0, line - last - 1);
      last = Math.max(last, line);
      const { fields, cells } = readRow(row, line, parts.date1904, links);
      if (isBlank(fields)) {
        stats.blankLines++;
        continue;
      }
      if (line < meta.firstLine) {
        stats.preambleLines++;
        continue;
      }
      if (line === meta.firstLine && meta.header) continue;
      while (fields.length < meta.columns) {
        fields.push('');
        cells.push(EMPTY_CELL);
      }
      rows.push({ line, fields, cells });
    }
    if (rows.length) yield rows;
  }
}

/** The sheet's rows with their line numbers. */
async function* numbered(parts: WorkbookParts, sheet: SheetInfo): AsyncGenerator<{ row: ExcelRow; line: number }[]> {
  let last = 0;
  for await (const batch of parts.rows(sheet)) {
    yield batch.map((row) => {
      // `r` is optional in the XML (ECMA-376 part 1 §18.3.1.73): a row without it follows the
      // last. A row out of order keeps its own number, the one a spreadsheet shows.
      last = Number.isFinite(row.number) && row.number > 0 ? row.number : last + 1;
      return { row, line: last };
    });
  }
}

/** No value, or only white space: a blank line, as the CSV reader counts one. */
function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}
