/**
 * A workbook opened for streaming: its sheets, date system, shared strings and styles, parsed by
 * exceljs's streaming `stream.xlsx.WorkbookReader`, and its sheets' rows by exceljs's
 * WorksheetReader.
 *
 * exceljs's own `parse()` walks the ZIP forward. Excel and LibreOffice store the sheets before the
 * shared strings, so it copies every sheet to a temporary file first, reads the sheets in file
 * order (not tab order) and cannot cap what a part inflates to. So the parts are found through
 * the ZIP's central directory (zip.ts) and handed, in the order needed, to the same parsing
 * methods `parse()` calls: `_parseWorkbook`, `_parseStyles` and `_parseWorksheet` (exceljs 4.4,
 * pinned; `checkInternals` fails loudly if an update drops them). The shared strings are read by
 * shared-strings.ts, into the table `_parseWorksheet` looks strings up in.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { KwigaError } from '../../model/errors.js';
import { ByteBudget, formatBytes, overLimit, type WorkbookLimits } from './limits.js';
import { BUILTIN_FORMAT_FIXES } from './numfmt.js';
import { attributes, parseRels, relOfType, relsPathOf, resolvePart, scanMailtoLinks, scanMergeStarts, type Relationship } from './opc.js';
import { readSharedStrings } from './shared-strings.js';
import { decodeXml, filterSheetXml, filterXml } from './xml-filter.js';
import { damaged, findEntry, readEntry, readZipIndex, type ZipIndex } from './zip.js';

/** A worksheet, in the workbook's tab order. */
export interface SheetInfo {
  /** Tab name. */
  name: string;
  /** 1-based position among the workbook's worksheets (hidden ones included). */
  number: number;
  /** Whether the tab is hidden. */
  hidden: boolean;
  /** ZIP path of its XML. */
  part: string;
}

/** The parts of an exceljs Row this module reads. */
export interface ExcelRow {
  /** The row number (`r`), NaN when the writer left it out. */
  number: number;
  /** Calls back for each cell that is present, with its 1-based column. */
  eachCell(callback: (cell: ExcelCell, column: number) => void): void;
}

/** The parts of an exceljs Cell this module reads. */
export interface ExcelCell {
  /** The value as exceljs typed it. */
  value: unknown;
  /** The number format from the cell's style. */
  numFmt?: string;
}

/** What `_parseWorksheet` yields and its WorksheetReader's `parse()`. */
interface SheetReaderInternals {
  parse(): AsyncGenerator<{ eventType: string; value: unknown }[]>;
}

/** The private side of exceljs 4.4's WorkbookReader that `parse()` itself uses. */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  /** The table a `t="s"` cell's index is looked up in. */
  sharedStrings?: string[];
  /** The styles: `index.numFmt` holds the workbook's own formats by id. */
  styles?: { index?: { numFmt?: (string | undefined)[] } };
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: SheetReaderInternals }>;
}

const METHODS = ['_parseWorkbook', '_parseStyles', '_parseWorksheet'] as const;
/** Relationship parts, the workbook part and styles are small; anything bigger is crafted. */
const MAX_META_BYTES = 16 * 1024 * 1024;

/** A workbook's structure, ready to stream any of its sheets. */
export class WorkbookParts {
  private constructor(
    /** File name for messages. */
    readonly name: string,
    private readonly zip: ZipIndex,
    private readonly reader: ReaderInternals,
    /** Worksheets in tab order. */
    readonly sheets: SheetInfo[],
    /** Whether dates count from 1904 (old Mac Excel) rather than 1900. */
    readonly date1904: boolean,
    private readonly limits: WorkbookLimits,
    private readonly budget: ByteBudget,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Reads the workbook part, its relationships, shared strings and styles. */
  static async open(path: string, limits: WorkbookLimits, signal?: AbortSignal): Promise<WorkbookParts> {
    const name = basename(path);
    const zip = await readZipIndex(path, name);
    if (!zip) throw damaged(name);
    const budget = new ByteBudget(limits.maxBytes, name);
    const text = (part: string) => readText(zip, part, name, budget, signal);
    const rootRels = parseRels((await text('_rels/.rels')) ?? '');
    const workbookPart = resolvePart('', relOfType(rootRels, 'officeDocument')?.target ?? 'xl/workbook.xml');
    const workbookRels = parseRels((await text(relsPathOf(workbookPart))) ?? '');
    const partOf = (kind: string) => {
      const rel = relOfType(workbookRels, kind);
      return rel && resolvePart(workbookPart, rel.target);
    };
    const reader = await createReader(path);
    const workbookXml = await text(workbookPart);
    if (workbookXml === undefined) throw damaged(name);
    await reader._parseWorkbook(Readable.from([workbookXml])).catch((error: unknown) => rethrow(error, name));
    // exceljs takes only date1904="1" for true; LibreOffice writes "true" (both are xsd:boolean).
    const date1904 = /^(1|true)$/.test(attributes(/<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbookXml)?.[1] ?? '').date1904 ?? '');
    if (reader.properties?.model) reader.properties.model.date1904 = date1904;
    const shared = findEntry(zip, partOf('sharedStrings') ?? '');
    if (shared) {
      if (shared.size > limits.maxSharedStringBytes) throw overLimit(name, `${shared.name} is ${formatBytes(shared.size)} once unzipped`);
      // Read by our own parser (shared-strings.ts says why) into the table exceljs's sheet parser uses.
      reader.sharedStrings = await readSharedStrings(readEntry(zip, shared, { name, budget, signal }), name);
    }
    const stylesPart = partOf('styles');
    const stylesXml = stylesPart && (await text(stylesPart));
    if (stylesXml) {
      await reader._parseStyles(Readable.from([stylesXml])).catch((error: unknown) => rethrow(error, name));
      const formats = reader.styles?.index?.numFmt;
      // Built-in ids exceljs's own table gets wrong or lacks (numfmt.ts); the workbook's own formats win.
      if (formats) for (const [id, code] of Object.entries(BUILTIN_FORMAT_FIXES)) formats[Number(id)] ??= code;
    }
    const sheets = listSheets(reader, workbookPart, workbookRels, zip);
    return new WorkbookParts(name, zip, reader, sheets, date1904, limits, budget, signal);
  }

  /** The sheet's rows as exceljs reads them, in batches, refusing one past the caps. */
  async *rows(sheet: SheetInfo): AsyncGenerator<ExcelRow[]> {
    const texts = filterSheetXml(this.sheetText(sheet), this.name);
    const first = this.reader._parseWorksheet(texts, '0').next();
    if (first.done) return;
    let cells = 0;
    try {
      for await (const events of first.value.value.parse()) {
        const rows: ExcelRow[] = [];
        for (const event of events) if (event.eventType === 'row') rows.push(event.value as ExcelRow);
        for (const row of rows) cells += this.check(row);
        if (cells > this.limits.maxCells) throw overLimit(this.name, `more than ${this.limits.maxCells.toLocaleString('en-US')} cells`);
        if (rows.length) yield rows;
      }
    } catch (error) {
      rethrow(error, this.name);
    }
  }

  /** The sheet's `mailto:` links by cell reference (an extra pass, only when its relationships have any). */
  async mailtoLinks(sheet: SheetInfo): Promise<Map<string, string>> {
    const rels: Relationship[] = parseRels((await readText(this.zip, relsPathOf(sheet.part), this.name, this.budget, this.signal)) ?? '');
    if (!rels.some((r) => /^mailto:/i.test(r.target))) return new Map();
    return scanMailtoLinks(filterXml(this.sheetText(sheet), this.name), rels);
  }

  /** The top-left cells of the sheet's merged ranges (an extra pass over the sheet). */
  mergeStarts(sheet: SheetInfo): Promise<Set<string>> {
    return scanMergeStarts(filterXml(this.sheetText(sheet), this.name));
  }

  private sheetText(sheet: SheetInfo): AsyncGenerator<string> {
    const entry = findEntry(this.zip, sheet.part);
    if (!entry) throw damaged(this.name);
    if (entry.size > this.limits.maxBytes) throw overLimit(this.name, `sheet "${sheet.name}" is ${formatBytes(entry.size)} once unzipped`);
    return decodeXml(readEntry(this.zip, entry, { name: this.name, budget: this.budget, signal: this.signal }));
  }

  /** Refuses a row past the row or column cap; returns its cell count. */
  private check(row: ExcelRow): number {
    if (row.number > this.limits.maxRows) throw overLimit(this.name, `a row past ${this.limits.maxRows.toLocaleString('en-US')}`);
    let count = 0;
    row.eachCell((_, column) => {
      if (column > this.limits.maxColumns) throw overLimit(this.name, `a column past ${this.limits.maxColumns.toLocaleString('en-US')}`);
      count++;
    });
    return count;
  }
}

/** exceljs, loaded only now (CSV runs never pay for it), as a reader whose parsing methods we call. */
async function createReader(path: string): Promise<ReaderInternals> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const missing = METHODS.filter((m) => typeof reader[m] !== 'function');
  if (missing.length) throw new KwigaError('INTERNAL', `This exceljs version lacks ${missing.join(', ')}: install the exceljs version package.json names`);
  return reader;
}

/** Worksheets (not chart or dialog sheets) in tab order, with their parts. */
function listSheets(reader: ReaderInternals, workbookPart: string, rels: Relationship[], zip: ZipIndex): SheetInfo[] {
  const sheets: SheetInfo[] = [];
  for (const sheet of reader.model?.sheets ?? []) {
    const rel = rels.find((r) => r.id === sheet.rId);
    if (!rel || !rel.type.endsWith('/worksheet')) continue;
    const part = resolvePart(workbookPart, rel.target);
    if (!findEntry(zip, part)) continue;
    sheets.push({ name: sheet.name, number: sheets.length + 1, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', part });
  }
  return sheets;
}

/** A small part's text, or undefined when the part is missing. */
async function readText(zip: ZipIndex, part: string, name: string, budget: ByteBudget, signal?: AbortSignal): Promise<string | undefined> {
  const entry = findEntry(zip, part);
  if (!entry) return undefined;
  if (entry.size > MAX_META_BYTES) throw overLimit(name, `${part} is ${formatBytes(entry.size)} once unzipped`);
  let text = '';
  for await (const piece of filterXml(decodeXml(readEntry(zip, entry, { name, budget, signal })), name)) text += piece;
  return text;
}

/** Our errors pass; a parser's (bad XML, a cell without a reference) becomes a plain INPUT error. */
function rethrow(error: unknown, name: string): never {
  if (error instanceof KwigaError) throw error;
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  throw new KwigaError('INPUT', `${name} cannot be read as a workbook (${why}): open it in Excel and save it again as .xlsx, or as CSV UTF-8`, {
    cause: error,
  });
}
