/**
 * A run's out dir, as apply finds it: report.json (which must come from a run of a version that
 * writes the `apply` block), the format of its outputs, and its row index — every input row's
 * line, bucket and reason in input order. Anything else is refused with exit 2 before a file is
 * touched.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportSchema, type ApplyBasis, type Report } from '../../model/report.js';
import { BUCKETS, REASON_CODES, type Bucket, type ReasonCode } from '../../model/findings.js';
import { KwigaError } from '../../model/errors.js';
import { OUTPUT_FILES } from '../../report/build.js';
import { collectGarbage, ROWS_PER_COLLECTION } from '../memory.js';
import { formatOf, openBack, type TableFormat } from './tables.js';

/** A run's out dir, checked. */
export interface RunDir {
  /** The out dir. */
  dir: string;
  /** The run's report.json. */
  report: Report;
  /** Its `apply` block. */
  basis: ApplyBasis;
  /** The format of the run's outputs (and so of import). */
  format: TableFormat;
  /** File names in the out dir. */
  files: { clean: string; review: string; rejected: string };
}

/**
 * The run's rows in input order: line, bucket and reason of each, in typed arrays (a million rows
 * take 6 MB). Lines rise in input order, so a line is found by binary search.
 */
export class RowIndex {
  /** Input lines, in input order (rising). */
  readonly lines: Uint32Array;
  private readonly bucketIds: Uint8Array;
  /** 0: no reason; i + 1: REASON_CODES[i]. */
  private readonly reasonIds: Uint8Array;
  /** Rows pushed. */
  size = 0;

  constructor(rows: number) {
    this.lines = new Uint32Array(rows);
    this.bucketIds = new Uint8Array(rows);
    this.reasonIds = new Uint8Array(rows);
  }

  /** Adds the next row; false when it does not fit (more rows than the run had, or a line out of order). */
  push(line: number, bucket: Bucket, reason: ReasonCode | undefined): boolean {
    if (this.size >= this.lines.length || (this.size > 0 && line <= this.lines[this.size - 1]!)) return false;
    this.lines[this.size] = line;
    this.bucketIds[this.size] = BUCKETS.indexOf(bucket);
    this.reasonIds[this.size] = reason === undefined ? 0 : REASON_CODES.indexOf(reason) + 1;
    this.size++;
    return true;
  }

  /** The bucket of the row at position `i`. */
  bucket(i: number): Bucket {
    return BUCKETS[this.bucketIds[i]!]!;
  }

  /** The reason of the row at position `i`. */
  reason(i: number): ReasonCode | undefined {
    const id = this.reasonIds[i]!;
    return id === 0 ? undefined : REASON_CODES[id - 1];
  }

  /** The position of the row that starts on `line`, or -1. */
  find(line: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.lines[mid]!;
      if (at === line) return mid;
      if (at < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Reads and checks `dir/report.json`; refuses a folder a run did not write. */
export async function openRun(dir: string): Promise<RunDir> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new KwigaError('USAGE', `${dir} does not exist: pass the folder a kwiga-validate run wrote its results to`);
  if (!info.isDirectory()) throw new KwigaError('USAGE', `${dir} is not a folder: pass the folder a kwiga-validate run wrote its results to (with review.csv and report.json)`);
  const path = join(dir, OUTPUT_FILES.json);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new KwigaError('USAGE', `${dir} holds no ${OUTPUT_FILES.json}, so it is not the results of a finished kwiga-validate run: pass the folder a run wrote (its -o / --out-dir)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new KwigaError('INPUT', `${path} is not valid JSON, so it is not a kwiga-validate report: run the check again`);
  }
  const result = ReportSchema.safeParse(parsed);
  if (!result.success) throw new KwigaError('INPUT', `${path} is not a report.json kwiga-validate wrote: run the check again`);
  const report = result.data;
  if (!report.apply) {
    throw new KwigaError('INPUT', `${path} comes from a kwiga-validate version without apply: run the check again with this version, then apply`);
  }
  return {
    dir,
    report,
    basis: report.apply,
    format: formatOf(report.outputs.review),
    files: { clean: report.outputs.clean, review: report.outputs.review, rejected: report.outputs.rejected },
  };
}

const BUCKET_SET: ReadonlySet<string> = new Set(BUCKETS);
const REASON_SET: ReadonlySet<string> = new Set(REASON_CODES);

/** Reads the run's row index; it must hold exactly the run's rows. */
export async function readRowIndex(run: RunDir): Promise<RowIndex> {
  const name = run.basis.rows;
  const path = join(run.dir, name);
  const broken = () => new KwigaError('INPUT', `${path} is missing or damaged; apply needs it to put the rows in input order: run the check again`);
  const table = await openBack(path, name, 'csv', 'validation_line').catch(() => {
    throw broken();
  });
  const index = new RowIndex(run.report.totals.rows);
  let header = true;
  let read = 0;
  for await (const batch of table.records()) {
    for (const { fields, problem } of batch) {
      if (header) {
        header = false;
        continue;
      }
      const [lineText = '', bucket = '', reason = ''] = fields;
      const line = Number(lineText);
      if (problem || !Number.isInteger(line) || line < 1 || !BUCKET_SET.has(bucket) || (reason !== '' && !REASON_SET.has(reason))) throw broken();
      if (!index.push(line, bucket as Bucket, reason === '' ? undefined : (reason as ReasonCode))) throw broken();
      if (++read % ROWS_PER_COLLECTION === 0) collectGarbage();
    }
  }
  if (index.size !== run.report.totals.rows) throw broken();
  return index;
}
