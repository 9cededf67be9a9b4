import { existsSync } from 'node:fs';
import { rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config, OutputFormat } from '../model/config.js';
import type { InputMeta } from '../io/reader.js';
import { AtomicCsvWriter, backupName, commitSet, ensureOutDir, outputError, tempName, type CsvStyle, type Delimiter } from '../io/writer.js';
import { openOutputWriter, type OutputWriter } from '../io/output-writer.js';
import type { ReportBuilder } from '../report/builder.js';
import { renderHtml } from '../report/html.js';
import { stringsFor, type Lang, type Strings } from '../report/i18n/index.js';
import { renderDetail } from '../report/i18n/render.js';
import { APPLY_FILES, inputColumns, OUTPUT_FILES, outputFiles } from '../report/build.js';
import { prefillAction, type ActionTable } from '../model/actions.js';
import type { Report } from '../model/report.js';
import type { RowResult } from '../model/row.js';

/** The columns review.csv and rejected.csv add to the input's. */
export const VALIDATION_COLUMNS = [
  'validation_line',
  'validation_reason',
  'validation_detail',
  'validation_suggestion',
  'validation_action',
] as const;

/** The column a workbook output highlights (where a fix is offered). */
const HIGHLIGHT = ['validation_suggestion'];

/** How the outputs are written. */
export interface OutputOptions {
  /** CSV or xlsx (default: the input's format, decided by the caller). */
  format: OutputFormat;
  /** CSV: delimiter, byte order mark and `--csv-safe` (see `outputStyle`). */
  style: CsvStyle;
  /** The language of validation_detail. */
  lang: Lang;
  /** The config's `actions`: what validation_action is prefilled with. */
  actions?: ActionTable;
}

const DELIMITERS: ReadonlySet<string> = new Set([',', ';', '\t', '|']);

/**
 * How the CSVs are written, so that they open correctly in the spreadsheet program that made the
 * input (issue 17 §7). A Ukrainian or Italian Excel saves "CSV" with `;` (its list separator) in
 * windows-1251/1252, and opens a double-clicked CSV the same way: UTF-8 with `,` and no BOM shows
 * up there as one column of garbled text. So by default the outputs keep the input's delimiter, and
 * start with a UTF-8 BOM (the one sign by which Excel reads a CSV as UTF-8) when the input had one
 * or was in a Windows code page, and when it was a workbook. A UTF-8 input without BOM (Google Sheets, LibreOffice, most
 * exports) gets none, as before. `--output-delimiter` and `--bom`/`--no-bom` override each part.
 * Kwiga's importer asks for the separator of a CSV, and a BOM only marks the first header name,
 * which the importer has the user map by hand: both forms import.
 */
export function outputStyle(config: Pick<Config, 'bom' | 'outputDelimiter'>, meta: InputMeta): CsvStyle {
  const delimiter = (config.outputDelimiter ?? (DELIMITERS.has(meta.delimiter) ? meta.delimiter : ',')) as Delimiter;
  // The encoding of an input that starts with ASCII is decided late: ask when the first bytes go out.
  // A workbook's CSVs (`--output-format csv`) are for the spreadsheet program that made it: a BOM.
  const bom = config.bom ?? (() => meta.format === 'xlsx' || meta.bom || meta.encoding === 'windows-1251' || meta.encoding === 'windows-1252');
  return { delimiter, bom };
}

/**
 * The three tables (CSV or xlsx) plus the row index and the reports, written under temporary
 * names and renamed into place only when the whole run succeeded.
 */
export class OutputSet {
  /** Whether this run created the out dir (then a failed run removes it again). */
  private createdDir = false;

  private constructor(
    private readonly dir: string,
    private readonly meta: InputMeta,
    /** The language of validation_detail. */
    private readonly strings: Strings,
    private readonly clean: OutputWriter,
    private readonly review: OutputWriter,
    private readonly rejected: OutputWriter,
    /** The row index (OUTPUT_FILES.rows) that `kwiga-validate apply` reads: always CSV. */
    private readonly rows: AtomicCsvWriter,
    /** The config's `actions`: what validation_action is prefilled with. */
    private readonly actions: ActionTable,
  ) {}

  /** Creates the out dir and the three temporary tables and the row index with their headers. */
  static async open(dir: string, meta: InputMeta, options: OutputOptions): Promise<OutputSet> {
    const existed = existsSync(dir);
    await ensureOutDir(dir);
    const files = outputFiles(options.format);
    const tables: OutputWriter[] = [];
    const table = async (file: string, name: string) => {
      // A workbook's tabs keep the input sheet's name; a CSV's become clean, review, rejected.
      const writer = await openOutputWriter(options.format, join(dir, file), tempName(dir, file), { ...options, sheet: meta.sheet ?? name });
      tables.push(writer);
      return writer;
    };
    // The row index is ours alone (kwiga-validate apply reads it back): always CSV, `,` and no BOM.
    const rows = new AtomicCsvWriter(join(dir, OUTPUT_FILES.rows), tempName(dir, OUTPUT_FILES.rows), { delimiter: ',', bom: false });
    try {
      const [clean, review, rejected] = [await table(files.clean, 'clean'), await table(files.review, 'review'), await table(files.rejected, 'rejected')];
      const set = new OutputSet(dir, meta, stringsFor(options.lang), clean, review, rejected, rows, options.actions ?? {});
      set.createdDir = !existed;
      // A file without a header gets no header in clean (it stays importable as it was), but
      // review/rejected need names for the validation columns: column_1, column_2, … then ours.
      const inputHeader = inputColumns(meta);
      if (meta.header) await clean.header(meta.header);
      await review.header([...inputHeader, ...VALIDATION_COLUMNS], HIGHLIGHT);
      await rejected.header([...inputHeader, ...VALIDATION_COLUMNS], HIGHLIGHT);
      rows.header(['validation_line', 'bucket', 'validation_reason']);
      return set;
    } catch (error) {
      await Promise.all([...tables.map((w) => w.discard()), rows.discard()]);
      throw error;
    }
  }

  /** Writes one classified row to its file. */
  write(result: RowResult): void {
    const { row } = result;
    this.rows.write([String(row.line), result.bucket, result.reason ?? '']);
    if (result.bucket === 'clean') {
      this.clean.write(row, 0, this.meta.emailColumn, result.address?.normalized);
      return;
    }
    const action = prefillAction(result.bucket, result.reason, result.suggestion !== undefined, this.actions);
    const extra = [row.line, result.reason ?? '', renderDetail(result, this.strings), result.suggestion ?? '', action];
    (result.bucket === 'review' ? this.review : this.rejected).write(row, this.meta.columns, -1, undefined, extra);
  }

  /** Lets the files catch up (backpressure); a write error (a full disk) ends the run here. */
  async flush(): Promise<void> {
    await Promise.all([this.clean.flush(), this.review.flush(), this.rejected.flush(), this.rows.flush()]).catch((error: unknown) => {
      throw outputError(this.dir, error, !this.createdDir);
    });
  }

  /**
   * Finishes every file under its temporary name, then swaps the whole set in (see `commitSet`):
   * on any failure the temporary files are removed and a previous run's results stay as they were.
   */
  async commit(report: Report, builder: ReportBuilder, config: Config): Promise<void> {
    const writers = [this.clean, this.review, this.rejected, this.rows];
    const html = renderHtml(report, { builder, lang: config.lang, unmasked: config.reportUnmasked });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    try {
      await Promise.all(writers.map((w) => w.close()));
      await writeFile(tempName(this.dir, OUTPUT_FILES.html), html, 'utf8');
      await writeFile(tempName(this.dir, OUTPUT_FILES.json), json, 'utf8');
      // report.json last: its presence says the run finished.
      const order = [...writers.map((w) => w.path), join(this.dir, OUTPUT_FILES.html), join(this.dir, OUTPUT_FILES.json)];
      await commitSet(order.map((final) => ({ final, temp: tempName(this.dir, basename(final)), backup: backupName(this.dir, basename(final)) })));
    } catch (error) {
      await this.discard();
      throw outputError(this.dir, error, !this.createdDir);
    }
    // An old import.csv (and its reports) was made from the review.csv this run has just replaced,
    // and a previous run's tables in the other format would sit beside these, looking current.
    const stale = [...Object.values(APPLY_FILES).map((f) => join(this.dir, f)), ...staleTables(this.dir, writers)];
    await Promise.all(stale.map((path) => rm(path, { force: true })));
  }

  /** Removes the temporary files of a failed or stopped run. */
  async discard(): Promise<void> {
    await Promise.all([this.clean.discard(), this.review.discard(), this.rejected.discard(), this.rows.discard()]);
    await Promise.all(
      [OUTPUT_FILES.json, OUTPUT_FILES.html].map((f) => rm(tempName(this.dir, f), { force: true })),
    );
    // A folder this run made and left empty would look like a result: remove it (rmdir refuses
    // a folder that is not empty, so nothing else can go).
    if (this.createdDir) await rmdir(this.dir).catch(() => undefined);
  }
}

/** The other format's clean/review/rejected in `dir`, beside those `writers` wrote. */
function staleTables(dir: string, writers: readonly { path: string }[]): string[] {
  const written = new Set(writers.map((w) => w.path));
  return (['csv', 'xlsx'] as const)
    .flatMap((format) => {
      const files = outputFiles(format);
      return [files.clean, files.review, files.rejected];
    })
    .map((file) => join(dir, file))
    .filter((path) => !written.has(path));
}
