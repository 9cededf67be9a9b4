/**
 * The one choice between CSV and xlsx in apply: a run's files are read back, and import.csv (or
 * import.xlsx) written, in the format of the run's outputs. Everything else in apply works on
 * `BackRecord`s and a `TableWriter`, whatever the format.
 *
 * CSV goes through the contact-list reader's table (io/table.ts): a file a spreadsheet program
 * saved back (windows-1251/1252, `;`, no BOM, its own quoting, a `sep=` line) reads as the run
 * wrote it. Workbooks go through io/xlsx's reader, which also gives typed cells so import.xlsx keeps
 * numbers and dates as the input had them.
 */
import { join } from 'node:path';
import { KwigaError } from '../../model/errors.js';
import { openTable } from '../../io/table.js';
import { AtomicCsvWriter, tempName, type Delimiter } from '../../io/writer.js';
// Types only: the workbook code is loaded when a run's files are workbooks (a CSV run never loads it).
import type { AtomicXlsxWriter, XlsxCell } from '../../io/xlsx/index.js';

const loadXlsx = () => import('../../io/xlsx/index.js');

/** The format of a run's outputs. */
export type TableFormat = 'csv' | 'xlsx';

/** One record read back from a file of the run. */
export interface BackRecord {
  /** 1-based line (CSV) or sheet row (xlsx) where the record starts. */
  line: number;
  /** Cells as text. */
  fields: string[];
  /** Cells typed (workbooks only), same length as `fields`. */
  cells?: XlsxCell[];
  /** Why a CSV record could not be read (a `csv.*` message key). */
  problem?: string;
}

/** A file of the run, opened for reading back. */
export interface BackTable {
  /** The file name, for messages. */
  name: string;
  /** The encoding it is read in (final once `records()` is exhausted). */
  encoding(): string;
  /** The delimiter it is read with (empty for a workbook). */
  delimiter: string;
  /** Every non-blank record from the start (Excel's `sep=` line left out), in batches. */
  records(): AsyncGenerator<BackRecord[]>;
}

/** The format of a run's outputs, from the name report.json gives its review file. */
export function formatOf(reviewFile: string): TableFormat {
  return reviewFile.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
}

/**
 * Opens a file of the run. `column` helps the workbook reader find its layout: a column the
 * file must have (`validation_line`), or the 1-based address column of clean.xlsx.
 */
export async function openBack(path: string, name: string, format: TableFormat, column: string | number): Promise<BackTable> {
  return format === 'xlsx' ? openBackWorkbook(path, name, column) : openBackCsv(path, name);
}

async function openBackCsv(path: string, name: string): Promise<BackTable> {
  const table = await openTable(path, { allowEmpty: true });
  // The first record is the header (or the first row): its width tells a broken quote from a
  // multi-line cell.
  const first = table.sample.find((r) => !(table.sepLine && r.line === 1) && !r.problem);
  return {
    name,
    encoding: () => table.facts.encoding,
    delimiter: table.facts.delimiter,
    records: async function* () {
      for await (const batch of table.records(first?.fields.length)) {
        const out: BackRecord[] = [];
        for (const r of batch) {
          if (table.sepLine && r.line === 1) continue;
          if (!r.problem && r.fields.every((f) => f.trim() === '')) continue;
          out.push(r.problem ? { line: r.line, fields: [], problem: r.problem } : { line: r.line, fields: r.fields });
        }
        if (out.length) yield out;
      }
    },
  };
}

async function openBackWorkbook(path: string, name: string, column: string | number): Promise<BackTable> {
  const { openWorkbook } = await loadXlsx();
  const reader = await openWorkbook(path, { emailColumn: column }).catch((error: unknown) => {
    if (error instanceof KwigaError) throw new KwigaError('INPUT', `${name} cannot be read back: ${error.message}`);
    throw error;
  });
  const { meta } = reader;
  return {
    name,
    encoding: () => 'xlsx',
    delimiter: '',
    records: async function* () {
      // The reader hands the header over apart; put it back in front, as the CSV reader has it.
      if (meta.header) yield [{ line: meta.firstLine, fields: meta.header }];
      for await (const rows of reader.rows()) yield rows.map((r) => ({ line: r.line, fields: r.fields, ...(r.cells ? { cells: r.cells } : {}) }));
    },
  };
}

/** A file apply writes under a temporary name, renamed into place with the others. */
export interface TableWriter {
  /** Final path. */
  readonly path: string;
  /** Temporary path written until the rename. */
  readonly tempPath: string;
  /** Rows written (header excluded). */
  readonly rows: number;
  /** Writes the header row. */
  header(names: readonly string[]): Promise<void>;
  /** Writes one row; typed cells are used where the format keeps them. */
  write(fields: readonly string[], cells?: readonly XlsxCell[]): Promise<void>;
  /** Finishes the temporary file. */
  close(): Promise<void>;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/** A writer of `file` in `dir` in the given format (`bom`, `delimiter`: CSV only). */
export function createTableWriter(format: TableFormat, dir: string, file: string, options: { bom: boolean; delimiter?: Delimiter; sheet: string }): TableWriter {
  const path = join(dir, file);
  const temp = tempName(dir, file);
  if (format === 'xlsx') {
    let w: AtomicXlsxWriter | undefined;
    const open = async () => (w ??= new (await loadXlsx()).AtomicXlsxWriter(path, temp, options.sheet));
    return {
      path,
      tempPath: temp,
      get rows() {
        return w?.rows ?? 0;
      },
      header: async (names) => (await open()).header(names),
      write: async (fields, cells) => (await open()).writeRow(cells ?? fields),
      close: async () => (await open()).close(),
      discard: async () => (w ? w.discard() : undefined),
    };
  }
  const w = new AtomicCsvWriter(path, temp, { delimiter: options.delimiter ?? ',', bom: options.bom });
  return {
    path,
    tempPath: temp,
    get rows() {
      return w.rows;
    },
    header: async (names) => w.header(names),
    write: async (fields) => {
      w.write(fields);
      await w.flush();
    },
    close: () => w.close(),
    discard: () => w.discard(),
  };
}
