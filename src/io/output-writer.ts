/**
 * One output table (clean, review or rejected) behind one small interface, written as CSV
 * (writer.ts) or as an `.xlsx` workbook (xlsx-output.ts). OutputSet (pipeline/outputs.ts) decides
 * what goes in each row; a writer decides how it is stored. Both write under a temporary name
 * that the caller renames into place once the whole run succeeded.
 */
import type { OutputFormat } from '../model/config.js';
import type { InputRow } from '../model/row.js';
import { AtomicCsvWriter, type CsvStyle } from './writer.js';

/** A value of a cell past the input's: text, or a number (`validation_line`). */
export type ExtraCell = string | number;

/** One output file being written. */
export interface OutputWriter {
  /** Final path. */
  readonly path: string;
  /** Temporary path written until the rename. */
  readonly tempPath: string;
  /** Rows written (header excluded). */
  readonly rows: number;
  /** Writes the header row; a workbook highlights the cells of the `highlight` columns. */
  header(names: readonly string[], highlight?: readonly string[]): Promise<void>;
  /**
   * Queues one row: the input row's cells (typed, when it came from a workbook) with the cell at
   * `index` replaced by `replacement` (text) when that is given. With `extra`, the first `width`
   * cells come first (missing ones empty), then `extra`, then any cells past `width`.
   */
  write(row: InputRow, width: number, index: number, replacement: string | undefined, extra?: readonly ExtraCell[]): void;
  /** Writes what is queued, waiting when the disk is behind; `force` empties every buffer. */
  flush(force?: boolean): Promise<void>;
  /** Finishes the temporary file. */
  close(): Promise<void>;
  /** Stops writing and removes the temporary file. */
  discard(): Promise<void>;
}

/** How output files are written. */
export interface OutputWriterOptions {
  /** CSV: delimiter, byte order mark (`--output-delimiter`, `--bom`) and `--csv-safe`. */
  style: CsvStyle;
  /** xlsx: the tab name. */
  sheet: string;
}

/** A writer of `format`. The workbook writer is loaded only when asked for: a CSV run never loads it. */
export async function openOutputWriter(format: OutputFormat, path: string, tempPath: string, options: OutputWriterOptions): Promise<OutputWriter> {
  if (format === 'xlsx') {
    const { XlsxOutputWriter } = await import('./xlsx-output.js');
    return new XlsxOutputWriter(path, tempPath, options.sheet);
  }
  return new CsvOutputWriter(new AtomicCsvWriter(path, tempPath, options.style));
}

/** CSV: the row's text as a person sees it. */
class CsvOutputWriter implements OutputWriter {
  constructor(private readonly csv: AtomicCsvWriter) {}

  get path(): string {
    return this.csv.path;
  }

  get tempPath(): string {
    return this.csv.tempPath;
  }

  get rows(): number {
    return this.csv.rows;
  }

  header(names: readonly string[]): Promise<void> {
    this.csv.header(names);
    return Promise.resolve();
  }

  write(row: InputRow, width: number, index: number, replacement: string | undefined, extra?: readonly ExtraCell[]): void {
    this.csv.writeWith(row.fields, width, index, replacement, extra);
  }

  flush(force = false): Promise<void> {
    return this.csv.flush(force);
  }

  close(): Promise<void> {
    return this.csv.close();
  }

  discard(): Promise<void> {
    return this.csv.discard();
  }
}
