/**
 * What a person's spreadsheet program does to review.csv: read it, let them edit cells, save it
 * back. Reading uses csv-parse (independent of our reader); saving follows Excel's "CSV" on a
 * Ukrainian or Italian Windows: the locale's list separator (`;`), the ANSI code page
 * (windows-1251 / windows-1252) through iconv-lite, CRLF line ends, no byte order mark, and
 * quotes only around a cell holding the separator, a quote or a line break (quotes doubled).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** A CSV the tool wrote, as rows of cells (header first). */
export function readCsv(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
}

/** How a spreadsheet program saves. */
export interface SaveAs {
  /** List separator. Default `;`. */
  delimiter?: string;
  /** Code page. Default windows-1251. */
  encoding?: string;
}

/** The bytes Excel writes for `rows` when saving as CSV. */
export function excelCsv(rows: readonly (readonly string[])[], options: SaveAs = {}): Buffer {
  const delimiter = options.delimiter ?? ';';
  const quote = (cell: string) => (cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const text = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n') + '\r\n';
  return iconv.encode(text, options.encoding ?? 'windows-1251');
}

/** Saves `rows` over `path` as Excel does. */
export function saveAsExcel(path: string, rows: readonly (readonly string[])[], options: SaveAs = {}): void {
  writeFileSync(path, excelCsv(rows, options));
}

/** review.csv / rejected.csv with named access to the validation columns. */
export class EditableSheet {
  readonly header: string[];
  rows: string[][];

  constructor(path: string) {
    [this.header, ...this.rows] = readCsv(path) as [string[], ...string[][]];
  }

  /** The position of a column by name. */
  column(name: string): number {
    const at = this.header.lastIndexOf(name);
    if (at < 0) throw new Error(`no column ${name}`);
    return at;
  }

  /** The row of an input line. */
  row(line: number): string[] {
    const row = this.rows.find((r) => r[this.column('validation_line')] === String(line));
    if (!row) throw new Error(`no row for line ${line}`);
    return row;
  }

  /** Sets a cell of the row of an input line. */
  set(line: number, column: string, value: string): this {
    this.row(line)[this.column(column)] = value;
    return this;
  }

  /** Deletes the row of an input line. */
  delete(line: number): this {
    const row = this.row(line);
    this.rows = this.rows.filter((r) => r !== row);
    return this;
  }

  /** Header and rows. */
  all(): string[][] {
    return [this.header, ...this.rows];
  }
}
