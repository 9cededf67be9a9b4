import { existsSync } from 'node:fs';
import { rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config } from '../model/config.js';
import type { InputMeta } from '../io/reader.js';
import { AtomicCsvWriter, backupName, commitSet, ensureOutDir, outputError, tempName, type CsvStyle, type Delimiter } from '../io/writer.js';
import type { ReportBuilder } from '../report/builder.js';
import { renderHtml } from '../report/html.js';
import { stringsFor, type Lang, type Strings } from '../report/i18n/index.js';
import { renderDetail } from '../report/i18n/render.js';
import { APPLY_FILES, inputColumns, OUTPUT_FILES } from '../report/build.js';
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

const DELIMITERS: ReadonlySet<string> = new Set([',', ';', '\t', '|']);

/**
 * How the CSVs are written, so that they open correctly in the spreadsheet program that made the
 * input (issue 17 §7). A Ukrainian or Italian Excel saves "CSV" with `;` (its list separator) in
 * windows-1251/1252, and opens a double-clicked CSV the same way: UTF-8 with `,` and no BOM shows
 * up there as one column of garbled text. So by default the outputs keep the input's delimiter, and
 * start with a UTF-8 BOM (the one sign by which Excel reads a CSV as UTF-8) when the input had one
 * or was in a Windows code page. A UTF-8 input without BOM (Google Sheets, LibreOffice, most
 * exports) gets none, as before. `--output-delimiter` and `--bom`/`--no-bom` override each part.
 * Kwiga's importer asks for the separator of a CSV, and a BOM only marks the first header name,
 * which the importer has the user map by hand: both forms import.
 */
export function outputStyle(config: Pick<Config, 'bom' | 'outputDelimiter'>, meta: InputMeta): CsvStyle {
  const delimiter = (config.outputDelimiter ?? (DELIMITERS.has(meta.delimiter) ? meta.delimiter : ',')) as Delimiter;
  // The encoding of an input that starts with ASCII is decided late: ask when the first bytes go out.
  const bom = config.bom ?? (() => meta.bom || meta.encoding === 'windows-1251' || meta.encoding === 'windows-1252');
  return { delimiter, bom };
}

/**
 * The three CSVs plus the reports, written under temporary names and renamed into place only when
 * the whole run succeeded.
 */
export class OutputSet {
  /** Whether this run created the out dir (then a failed run removes it again). */
  private createdDir = false;

  private constructor(
    private readonly dir: string,
    private readonly meta: InputMeta,
    /** The language of validation_detail. */
    private readonly strings: Strings,
    private readonly clean: AtomicCsvWriter,
    private readonly review: AtomicCsvWriter,
    private readonly rejected: AtomicCsvWriter,
    /** The row index (OUTPUT_FILES.rows) that `kwiga-validate apply` reads. */
    private readonly rows: AtomicCsvWriter,
    /** The config's `actions`: what validation_action is prefilled with. */
    private readonly actions: ActionTable,
  ) {}

  /** Creates the out dir and the three temporary CSVs with their headers. */
  static async open(dir: string, meta: InputMeta, options: { style: CsvStyle; lang: Lang; actions?: ActionTable }): Promise<OutputSet> {
    const existed = existsSync(dir);
    await ensureOutDir(dir);
    const make = (file: string, style = options.style) => new AtomicCsvWriter(join(dir, file), tempName(dir, file), style);
    // The row index is ours alone (kwiga-validate apply reads it back): always `,` and no BOM.
    const files = [
      make(OUTPUT_FILES.clean), make(OUTPUT_FILES.review), make(OUTPUT_FILES.rejected), make(OUTPUT_FILES.rows, { delimiter: ',', bom: false }),
    ] as const;
    const set = new OutputSet(dir, meta, stringsFor(options.lang), ...files, options.actions ?? {});
    set.createdDir = !existed;
    // A file without a header gets no header in clean.csv (it stays importable as it was), but
    // review/rejected need names for the validation columns: column_1, column_2, … then ours.
    const inputHeader = inputColumns(meta);
    if (meta.header) set.clean.header(meta.header);
    set.review.header([...inputHeader, ...VALIDATION_COLUMNS]);
    set.rejected.header([...inputHeader, ...VALIDATION_COLUMNS]);
    set.rows.header(['validation_line', 'bucket', 'validation_reason']);
    return set;
  }

  /** Writes one classified row to its file. */
  write(result: RowResult): void {
    const { fields, line } = result.row;
    this.rows.write([String(line), result.bucket, result.reason ?? '']);
    if (result.bucket === 'clean') {
      this.clean.writeWith(fields, 0, this.meta.emailColumn, result.address?.normalized);
      return;
    }
    const action = prefillAction(result.bucket, result.reason, result.suggestion !== undefined, this.actions);
    const extra = [String(line), result.reason ?? '', renderDetail(result, this.strings), result.suggestion ?? '', action];
    (result.bucket === 'review' ? this.review : this.rejected).writeWith(fields, this.meta.columns, -1, undefined, extra);
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
    // An old import.csv (and its reports) was made from the review.csv this run has just replaced.
    await Promise.all(Object.values(APPLY_FILES).map((f) => rm(join(this.dir, f), { force: true })));
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
