import { KwigaError } from '../model/errors.js';
import type { InputRow } from '../model/row.js';
import { DEFAULT_MAX_RECORD_CHARS, type CsvRecord } from './csv-parser.js';
import { detectLayout, headerScore } from './detect.js';
import type { Encoding } from './encoding.js';
import { openTable, type Table, type TableFacts } from './table.js';

/** How the reader was told to read (all optional: detected otherwise). */
export interface ReadOptions {
  /** Input encoding. */
  encoding?: Encoding;
  /** Field delimiter. */
  delimiter?: string;
  /** Address column: 1-based number or header name. */
  emailColumn?: string | number;
  /** Stops reading. */
  signal?: AbortSignal;
  /** Standard input's bytes, when its first ones were already read (see table.ts). */
  source?: AsyncIterable<Buffer>;
}

/** What the reader found out about the input before the first row. */
export interface InputMeta extends TableFacts {
  /** What the input is: a text table (`csv`, TSV too) or an Excel workbook (`xlsx`). */
  format: 'csv' | 'xlsx';
  /** The tab name of the sheet read (workbooks only). */
  sheet?: string;
  /** The header row, or undefined for a file without one. */
  header: string[] | undefined;
  /** 0-based index of the address column. */
  emailColumn: number;
  /** The address column's header name, or `column_N` without a header. */
  emailColumnName: string;
  /** Number of columns (from the header, or the widest sampled row). */
  columns: number;
  /** Line of the header, or of the first data row; earlier lines are a preamble (title, `sep=`). */
  firstLine: number;
  /** Other columns whose header names an address (`E-mail 2 Address`), best first. */
  otherEmailColumns: { index: number; name: string }[];
}

/** Counters the reader keeps while streaming. */
export interface ReadStats {
  /** Blank lines skipped (and rows of nothing but empty cells). */
  blankLines: number;
  /** Records before the header or first data row (a title line, Excel's `sep=`): not contacts. */
  preambleLines: number;
}

/** An opened input: its facts and its rows. */
export interface InputReader {
  /** Facts detected before reading rows. */
  meta: InputMeta;
  /** Counters, final once `rows()` is exhausted. */
  stats: ReadStats;
  /** Data rows in input order, in batches. */
  rows(): AsyncGenerator<InputRow[]>;
  /**
   * Releases what the reader holds beyond the rows (a workbook read from standard input is a
   * temporary file): call it once the run is over, finished or not. Absent when there is nothing.
   */
  close?(): Promise<void>;
}

/** Opens a CSV/TSV (or `-` for stdin), detects its layout and returns a row stream. */
export async function openInput(path: string, options: ReadOptions = {}): Promise<InputReader> {
  const table = await openTable(path, options);
  const { facts, name, sample } = table;
  const layout = detectLayout(table.sepLine ? sample.filter((r) => r.line > 1) : sample, options.emailColumn);
  const firstGood = sample.find((r) => !r.problem && r.line === layout.firstLine);
  if (!firstGood) throw new KwigaError('INPUT', `${name} has no readable rows: pass a CSV file with a header and rows`);
  if (layout.emailColumn < 0) {
    throw new KwigaError(
      'INPUT',
      options.emailColumn !== undefined
        ? `${name} has no column "${String(options.emailColumn)}": check --email-column`
        : `${name} has no column that looks like email addresses: name it with --email-column`,
    );
  }
  const header = layout.hasHeader ? firstGood.fields : undefined;
  const columns = header ? header.length : Math.max(...sample.map((r) => r.fields.length));
  if (layout.emailColumn >= columns) {
    throw options.emailColumn !== undefined
      ? new KwigaError('USAGE', `${name} has ${columns} column${columns === 1 ? '' : 's'}; --email-column ${String(options.emailColumn)} is out of range`)
      : new KwigaError('INPUT', `${name} has no column that looks like email addresses: name it with --email-column`);
  }
  // The same object as the table's facts, so an encoding decided late reaches report.json.
  const meta: InputMeta = Object.assign(facts, {
    format: 'csv' as const,
    header,
    emailColumn: layout.emailColumn,
    emailColumnName: header?.[layout.emailColumn] || columnName(layout.emailColumn),
    columns,
    firstLine: layout.firstLine,
    otherEmailColumns: header
      ? header
          .map((name, index) => ({ name, index, score: headerScore(name) }))
          .filter((c) => c.score > 0 && c.index !== layout.emailColumn)
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .map(({ name, index }) => ({ name, index }))
      : [],
  });
  const stats: ReadStats = { blankLines: 0, preambleLines: 0 };
  return { meta, stats, rows: () => streamRows(table, meta, stats) };
}

async function* streamRows(table: Table, meta: InputMeta, stats: ReadStats): AsyncGenerator<InputRow[]> {
  let emptyRecords = 0;
  for await (const records of table.records(meta.columns)) {
    const rows: InputRow[] = [];
    for (const record of records) {
      if (record.line < meta.firstLine) {
        stats.preambleLines++;
        continue;
      }
      if (record.line === meta.firstLine && meta.header !== undefined) continue;
      // Excel saves rows it once touched as `,,,`: no data, so a blank line, not a contact.
      if (!record.problem && isEmptyRecord(record.fields)) {
        emptyRecords++;
        continue;
      }
      rows.push(toRow(record, meta));
    }
    if (rows.length) yield rows;
  }
  stats.blankLines = table.blankLines() + emptyRecords;
}

/**
 * The name of an unnamed column, 0-based index in: `column_2`. One name everywhere — the header of
 * review.csv and rejected.csv for a file without one, report.json, the summary — and accepted by
 * `--email-column` (io/detect.ts).
 */
export function columnName(index: number): string {
  return `column_${index + 1}`;
}

/** The record cap as people read it: `16 777 216` (grouped by spaces, as report/i18n counts are). */
const RECORD_CAP = DEFAULT_MAX_RECORD_CHARS.toLocaleString('en-US').replaceAll(',', ' ');

/** Every field empty or white space. */
function isEmptyRecord(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

/**
 * A record becomes a row. Unreadable records and rows with extra non-empty fields (a delimiter
 * inside an unquoted value shifts every column after it) are malformed. Extra empty fields (a
 * trailing delimiter) are dropped, and short rows that still reach the address column are read:
 * nothing in them is ambiguous, and throwing them away would lose a good contact.
 */
function toRow(record: CsvRecord, meta: InputMeta): InputRow {
  if (record.problem) {
    const raw = record.raw ?? '';
    const malformed: InputRow['malformed'] =
      record.problem === 'csv.field_too_long' ? { why: record.problem, args: { raw, limit: RECORD_CAP } } : { why: record.problem, args: { raw } };
    return { line: record.line, fields: [], raw, malformed };
  }
  const fields = record.fields;
  if (fields.length > meta.columns && meta.header) {
    let last = fields.length;
    while (last > meta.columns && fields[last - 1] === '') last--;
    if (last > meta.columns) return ragged(record, meta);
    fields.length = last;
  } else if (fields.length <= meta.emailColumn) {
    return ragged(record, meta);
  }
  return { line: record.line, fields };
}

function ragged(record: CsvRecord, meta: InputMeta): InputRow {
  const raw = record.raw ?? record.fields.join(meta.delimiter);
  return { line: record.line, fields: [], raw, malformed: { why: 'csv.field_count', args: { got: record.fields.length, expected: meta.columns, raw } } };
}
