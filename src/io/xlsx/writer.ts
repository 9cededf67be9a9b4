/**
 * An `.xlsx` output (clean/review/rejected) written with exceljs's streaming WorkbookWriter under
 * a temporary name, for a person to open: typed cells as the input had them, the header bold and
 * frozen, an autofilter, and the suggestion highlighted. Like AtomicCsvWriter, `close()` finishes
 * the temporary file and the caller renames it into place (or `commit()` does both), so a failed
 * run never leaves a file that looks finished.
 *
 * Nothing written is ever a formula: a cell is text, a number, a date, a boolean or an error
 * value, never a `<f>`. Text that starts with `=`, `+`, `-` or `@` is a text cell like any other,
 * and a text cell is never evaluated, so a hostile cell stays what it was typed as. Text is
 * never turned into a number either: `+380…` and `0501…` phone numbers keep their `+` and `0`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { KwigaError } from '../../model/errors.js';
import type { XlsxCell } from './cell.js';

/** A value for `writeRow`: a typed cell, or plain text / a number. */
export type XlsxWriteValue = XlsxCell | string | number | undefined;

/** How the header is written. */
export interface XlsxHeaderOptions {
  /** Names of the columns whose non-empty cells are highlighted (`validation_suggestion`). */
  highlight?: readonly string[];
}

/** A light yellow fill with dark text, Excel's own "Neutral" cell style. */
const HIGHLIGHT = {
  fill: { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFEB9C' } },
  font: { color: { argb: 'FF9C5700' } },
};
/** Rows between yields to the event loop, so the ZIP stream drains while rows are produced. */
const YIELD_EVERY = 1000;

type ExcelModule = typeof import('exceljs');
type StreamWorkbook = InstanceType<ExcelModule['stream']['xlsx']['WorkbookWriter']>;
type Sheet = ReturnType<StreamWorkbook['addWorksheet']>;

/** One workbook with one sheet, written row by row. */
export class AtomicXlsxWriter {
  /** Rows written (header excluded). */
  rows = 0;
  private readonly file: WriteStream;
  private readonly fileFailed: Promise<never>;
  private failed: Error | undefined;
  private book: StreamWorkbook | undefined;
  private sheet: Sheet | undefined;
  private columns = 0;
  private highlighted = new Set<number>();
  private hasHeader = false;
  private closed = false;

  constructor(
    /** Final path. */
    readonly path: string,
    /** Temporary path written until the rename. */
    readonly tempPath: string,
    /** Tab name (made valid for Excel: at most 31 characters, none of `[]:*?/\`). */
    readonly sheetName: string,
  ) {
    this.file = createWriteStream(tempPath);
    this.file.on('error', (error) => (this.failed = error));
    // exceljs waits for the file's 'error' only from commit() on: an earlier one (a folder that
    // does not exist) would leave commit() waiting forever.
    this.fileFailed = new Promise<never>((_, reject) => this.file.once('error', reject));
    this.fileFailed.catch(() => undefined);
  }

  /** Writes the header row (bold, frozen, with an autofilter over the columns). */
  async header(names: readonly string[], options: XlsxHeaderOptions = {}): Promise<void> {
    if (this.sheet) throw new KwigaError('INTERNAL', 'AtomicXlsxWriter: header() must come first, and once');
    const sheet = await this.start(true);
    this.columns = names.length;
    this.hasHeader = true;
    sheet.columns = names.map((name) => ({ width: Math.min(50, Math.max(10, name.length + 2)) }));
    this.highlighted = new Set(names.flatMap((name, i) => (options.highlight?.includes(name) ? [i] : [])));
    const row = sheet.addRow(names.map((name) => inlineText(name)));
    row.font = { bold: true };
    row.commit();
  }

  /** Writes one row of cells, in column order. */
  async writeRow(values: readonly XlsxWriteValue[]): Promise<void> {
    // A list without a header row gets none (like clean.csv): no frozen row, no autofilter.
    const sheet = this.sheet ?? (await this.start(false));
    if (this.failed) throw this.failed;
    const row = sheet.addRow([]);
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      const typed = typeof value === 'string' ? ({ type: 'text', value } as const) : typeof value === 'number' ? ({ type: 'number', value } as const) : value;
      if (!typed || typed.type === 'empty' || (typed.type === 'text' && typed.value === '')) return;
      setCell(cell, typed);
      if (this.highlighted.has(i)) Object.assign(cell, { fill: HIGHLIGHT.fill, font: HIGHLIGHT.font });
    });
    row.commit();
    this.rows++;
    if (this.rows % YIELD_EVERY === 0) await this.flush();
  }

  /** Lets the ZIP stream catch up; throws if the file cannot be written. */
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Finishes the temporary file (the autofilter covers every row written). */
  async close(): Promise<void> {
    if (this.closed) return;
    const sheet = this.sheet ?? (await this.start(false));
    if (this.hasHeader) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: this.rows + 1, column: Math.max(1, this.columns) } };
    sheet.commit();
    await Promise.race([this.book!.commit(), this.fileFailed]);
    this.closed = true;
    if (this.failed) throw this.failed;
  }

  /** Finishes the file and renames it into place. */
  async commit(): Promise<void> {
    await this.close();
    await rename(this.tempPath, this.path);
  }

  /** Stops writing and removes the temporary file. */
  async discard(): Promise<void> {
    (this.book as unknown as { zip?: { abort(): void } } | undefined)?.zip?.abort();
    if (!this.file.closed) {
      await new Promise<void>((done) => {
        this.file.once('close', () => done());
        this.file.destroy();
      });
    }
    await rm(this.tempPath, { force: true });
  }

  /** Loads exceljs (only now: CSV runs never do) and opens the workbook and its sheet. */
  private async start(frozenHeader: boolean): Promise<Sheet> {
    const { default: ExcelJS } = await import('exceljs');
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.file, useStyles: true, useSharedStrings: false });
    this.sheet = this.book.addWorksheet(sheetTitle(this.sheetName), frozenHeader ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
    return this.sheet;
  }
}

type ExcelCell = ReturnType<ReturnType<Sheet['addRow']>['getCell']>;

/** A typed cell into an exceljs cell: never a formula (see the top of this file). */
function setCell(cell: ExcelCell, typed: Exclude<XlsxCell, { type: 'empty' }>): void {
  switch (typed.type) {
    case 'text':
      cell.value = inlineText(typed.value);
      return;
    case 'number':
      cell.value = typed.value;
      if (typed.numFmt) cell.numFmt = typed.numFmt;
      return;
    case 'date':
      cell.value = typed.value;
      cell.numFmt = typed.numFmt;
      return;
    case 'boolean':
      cell.value = typed.value;
      return;
    case 'error':
      cell.value = { error: typed.value as never };
      return;
  }
}

/**
 * Text as an inline string (`t="inlineStr"`). Without shared strings (which a streaming writer
 * would have to hold in memory to the end) exceljs writes a plain string as `t="str"`, the type
 * of a formula's text result; one rich-text run is written as a true inline string.
 */
function inlineText(text: string): { richText: { text: string }[] } {
  return { richText: [{ text }] };
}

/** Excel's rules for a tab name: 1 to 31 characters, none of `[]:*?/\`, no `'` at either end. */
export function sheetTitle(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31).trim();
  return clean || 'Sheet1';
}
