/**
 * The `.xlsx` output writer: rows are queued as OutputSet hands them over and written through
 * the xlsx folder's AtomicXlsxWriter on `flush()`. A row read from a workbook keeps its typed
 * cells (dates stay dates with their number format, numbers stay numbers, text stays text);
 * a row read from CSV is text. Nothing is ever written as a formula (see xlsx/writer.ts).
 */
import type { InputRow } from '../model/row.js';
import type { ExtraCell, OutputWriter } from './output-writer.js';
import { AtomicXlsxWriter, type XlsxInputRow, type XlsxWriteValue } from './xlsx/index.js';

/** One workbook output. */
export class XlsxOutputWriter implements OutputWriter {
  private readonly book: AtomicXlsxWriter;
  private queue: XlsxWriteValue[][] = [];

  constructor(path: string, tempPath: string, sheet: string) {
    this.book = new AtomicXlsxWriter(path, tempPath, sheet);
  }

  get path(): string {
    return this.book.path;
  }

  get tempPath(): string {
    return this.book.tempPath;
  }

  get rows(): number {
    return this.book.rows + this.queue.length;
  }

  header(names: readonly string[], highlight: readonly string[] = []): Promise<void> {
    return this.book.header(names, { highlight });
  }

  write(row: InputRow, width: number, index: number, replacement: string | undefined, extra?: readonly ExtraCell[]): void {
    const cells: readonly XlsxWriteValue[] = (row as XlsxInputRow).cells ?? row.fields;
    const values: XlsxWriteValue[] = [];
    const n = extra ? width : Math.max(cells.length, width);
    for (let i = 0; i < n; i++) values.push(i === index && replacement !== undefined ? replacement : cells[i]);
    if (extra) values.push(...extra, ...cells.slice(width));
    this.queue.push(values);
  }

  async flush(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    for (const values of queued) await this.book.writeRow(values);
    await this.book.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.book.close();
  }

  discard(): Promise<void> {
    this.queue = [];
    return this.book.discard();
  }
}
