/**
 * An `.xlsx` output (clean/review/rejected) written as it is produced, under a temporary name,
 * for a person to open: typed cells as the input had them, the header bold and frozen, an
 * autofilter, and the suggestion highlighted. Like AtomicCsvWriter, `close()` finishes the
 * temporary file and the caller renames it into place (or `commit()` does both), so a failed run
 * never leaves a file that looks finished.
 *
 * The SpreadsheetML is our own (sheet-xml.ts) and so is the ZIP (zip-writer.ts): exceljs's
 * streaming writer renders a style to XML and looks it up for every cell written, which made
 * writing 200,000 rows slower than reading them (bench/xlsx-bench.mjs); here a row is one string
 * and a style one Map lookup. exceljs stays the independent reader the tests check the files with.
 *
 * Nothing written is ever a formula: a cell is text, a number, a date, a boolean or an error
 * value, never an `<f>`. Text that starts with `=`, `+`, `-` or `@` is an inline string like any
 * other, and an inline string is never evaluated, so a hostile cell stays what it was typed as.
 * Text is never turned into a number either: `+380…` and `0501…` phone numbers keep their `+` and `0`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { KwigaError } from '../../model/errors.js';
import type { XlsxCell } from './cell.js';
import { columnName, packageParts, sheetEnd, sheetStart, StyleTable, textCell, valueCell } from './sheet-xml.js';
import { ZipWriter, type ZipEntryWriter } from './zip-writer.js';

/** A value for `writeRow`: a typed cell, or plain text / a number. */
export type XlsxWriteValue = XlsxCell | string | number | undefined;

/** How the header is written. */
export interface XlsxHeaderOptions {
  /** Names of the columns whose non-empty cells are highlighted (`validation_suggestion`). */
  highlight?: readonly string[];
}

/** Column names (`A`, `B`, …) made once. */
const COLUMNS: string[] = [];
const column = (i: number) => (COLUMNS[i] ??= columnName(i));

/** One workbook with one sheet, written row by row. */
export class AtomicXlsxWriter {
  /** Rows written (header excluded). */
  rows = 0;
  private readonly file: WriteStream;
  private readonly fileFailed: Promise<never>;
  private failed: Error | undefined;
  private readonly zip: ZipWriter;
  private sheet: ZipEntryWriter | undefined;
  private readonly styles = new StyleTable();
  private readonly byFormat = new Map<string, number>();
  private columns = 0;
  private line = 0;
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
    // A large buffer, like the compressor's (zip-writer.ts): the file keeps up without a handover per chunk.
    this.file = createWriteStream(tempPath, { highWaterMark: 1024 * 1024 });
    this.file.on('error', (error) => (this.failed = error));
    // A write waiting for the file to drain would wait forever once it failed (a folder that
    // does not exist): every wait races this.
    this.fileFailed = new Promise<never>((_, reject) => this.file.once('error', reject));
    this.fileFailed.catch(() => undefined);
    this.zip = new ZipWriter(this.file);
  }

  /** Writes the header row (bold, frozen, with an autofilter over the columns). */
  async header(names: readonly string[], options: XlsxHeaderOptions = {}): Promise<void> {
    if (this.sheet) throw new KwigaError('INTERNAL', 'AtomicXlsxWriter: header() must come first, and once');
    this.columns = names.length;
    this.hasHeader = true;
    this.start(names.map((name) => Math.min(50, Math.max(10, name.length + 2))));
    this.highlighted = new Set(names.flatMap((name, i) => (options.highlight?.includes(name) ? [i] : [])));
    const bold = this.styles.index({ bold: true });
    this.line = 1;
    await this.put(`<row r="1">${names.map((name, i) => textCell(`${column(i)}1`, name, bold)).join('')}</row>`);
  }

  /** Writes one row of cells, in column order. */
  async writeRow(values: readonly XlsxWriteValue[]): Promise<void> {
    // A list without a header row gets none (like clean.csv): no frozen row, no autofilter.
    if (!this.sheet) this.start(undefined);
    const r = ++this.line;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined || value === '') continue;
      const highlight = this.highlighted.has(i);
      const ref = column(i) + r;
      if (typeof value === 'string') xml += textCell(ref, value, highlight ? this.styles.index({ highlight }) : 0);
      else if (typeof value === 'number') xml += valueCell(ref, { type: 'number', value }, highlight ? this.styles.index({ highlight }) : 0);
      else if (value.type === 'text') {
        if (value.value !== '') xml += textCell(ref, value.value, highlight ? this.styles.index({ highlight }) : 0);
      } else if (value.type !== 'empty') {
        const numFmt = value.type === 'number' || value.type === 'date' ? value.numFmt : undefined;
        xml += valueCell(ref, value, highlight ? this.styles.index({ numFmt, highlight }) : numFmt ? this.formatStyle(numFmt) : 0);
      }
    }
    this.rows++;
    await this.put(`${xml}</row>`);
  }

  /** Throws if the file cannot be written (the ZIP stream keeps up by itself). */
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    await Promise.resolve();
  }

  /** Finishes the temporary file: the sheet's end, the styles and package parts, the ZIP directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (!this.sheet) this.start(undefined);
    const range = this.hasHeader ? `A1:${column(Math.max(1, this.columns) - 1)}${this.rows + 1}` : undefined;
    await this.put(sheetEnd(range));
    await this.wait(this.sheet!.end());
    await this.wait(this.zip.add('xl/styles.xml', this.styles.xml()));
    for (const part of packageParts(sheetTitle(this.sheetName), range)) await this.wait(this.zip.add(part.name, part.xml));
    this.zip.finish();
    await this.wait(new Promise<void>((resolve, reject) => this.file.end((error?: Error | null) => (error ? reject(error) : resolve()))));
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
    this.zip.abort();
    if (!this.file.closed) {
      await new Promise<void>((done) => {
        this.file.once('close', () => done());
        this.file.destroy();
      });
    }
    await rm(this.tempPath, { force: true });
  }

  /** The style of a plain cell with a number format: one Map lookup per dated or formatted cell. */
  private formatStyle(numFmt: string): number {
    let index = this.byFormat.get(numFmt);
    if (index === undefined) this.byFormat.set(numFmt, (index = this.styles.index({ numFmt })));
    return index;
  }

  /** Opens the sheet part: the frozen header's view and column widths when there is a header. */
  private start(widths: number[] | undefined): void {
    this.sheet = this.zip.entry('xl/worksheets/sheet1.xml');
    void this.sheet.write(sheetStart(widths));
  }

  private async put(xml: string): Promise<void> {
    if (this.failed) throw this.failed;
    const waiting = this.sheet!.write(xml);
    if (waiting) await this.wait(waiting);
  }

  private wait<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.fileFailed]);
  }
}

/** Excel's rules for a tab name: 1 to 31 characters, none of `[]:*?/\`, no `'` at either end. */
export function sheetTitle(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31).trim();
  return clean || 'Sheet1';
}
