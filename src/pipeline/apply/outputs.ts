/**
 * What apply writes: import.csv (or import.xlsx), apply-problems.csv and apply-report.json, each
 * under a temporary name, committed as one set like a run's results (io/writer.ts `commitSet`),
 * apply-report.json last (its presence says the set is complete). A failure removes the temporary
 * files and leaves the folder as it was, a previous apply's files included.
 */
import { rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Action } from '../../model/actions.js';
import type { ApplyReport } from '../../model/apply-report.js';
import { KwigaError } from '../../model/errors.js';
import type { Finding } from '../../model/findings.js';
import { AtomicCsvWriter, backupName, commitSet, csvDelimiter, outputError, tempName } from '../../io/writer.js';
import type { XlsxCell } from '../../io/xlsx/index.js';
import { APPLY_FILES } from '../../report/build.js';
import type { Strings } from '../../report/i18n/index.js';
import { renderFinding } from '../../report/i18n/render.js';
import { VALIDATION_COLUMNS } from '../outputs.js';
import type { RunDir } from './run-dir.js';
import { createTableWriter, type TableWriter } from './tables.js';

/** A row that goes into the import. */
export interface ImportRow {
  /** The input's columns. */
  fields: string[];
  /** Typed cells (workbooks). */
  cells?: XlsxCell[] | undefined;
}

/** A decision refused by a check, for apply-problems.csv. */
export interface Problem {
  /** The row's input columns as the person left them. */
  fields: string[];
  /** Its input line. */
  line: number;
  /** Why it was refused. */
  finding: Finding;
  /** validation_suggestion as the person left it. */
  suggestion: string;
  /** The action that was refused. */
  action: Action;
}

/** The three files of one apply. */
export class ApplyOutputs {
  private constructor(
    private readonly dir: string,
    private readonly importFile: TableWriter,
    private readonly problems: AtomicCsvWriter,
    private readonly strings: Strings,
  ) {}

  /** Opens the temporary files and writes their headers. */
  static async open(run: RunDir, strings: Strings): Promise<ApplyOutputs> {
    const { dir, basis, format } = run;
    const name = format === 'xlsx' ? APPLY_FILES.importXlsx : APPLY_FILES.import;
    // import.csv and apply-problems.csv are written as the run wrote clean.csv (delimiter, BOM).
    const delimiter = csvDelimiter(basis.delimiter);
    const importFile = createTableWriter(format, dir, name, { bom: basis.bom, delimiter, sheet: 'Import' });
    // A workbook user opens apply-problems.csv in Excel too, which reads UTF-8 only with a BOM.
    const bom = basis.bom || format === 'xlsx';
    const problems = new AtomicCsvWriter(join(dir, APPLY_FILES.problems), tempName(dir, APPLY_FILES.problems), { delimiter, bom });
    const outputs = new ApplyOutputs(dir, importFile, problems, strings);
    try {
      if (run.report.input.hasHeader) await importFile.header(basis.columns);
      problems.header([...basis.columns, ...VALIDATION_COLUMNS]);
    } catch (error) {
      await outputs.discard();
      throw outputs.failed(error);
    }
    return outputs;
  }

  /** The import file's name in the out dir. */
  get importName(): string {
    return this.importFile.path.slice(this.dir.length + 1);
  }

  /** Rows written to the import so far. */
  get imported(): number {
    return this.importFile.rows;
  }

  /** Writes one row of the import. */
  async add(row: ImportRow): Promise<void> {
    await this.importFile.write(row.fields, row.cells);
  }

  /** Writes one refused decision, with the reason in the run's language. */
  async refuse(problem: Problem): Promise<void> {
    const { fields, line, finding, suggestion, action } = problem;
    this.problems.write([...fields, String(line), finding.code, renderFinding(finding, this.strings), suggestion, action]);
    await this.problems.flush();
  }

  /** Finishes the files and swaps them in as a set, apply-report.json last. */
  async commit(report: ApplyReport): Promise<void> {
    const reportPath = join(this.dir, APPLY_FILES.report);
    const reportTemp = tempName(this.dir, APPLY_FILES.report);
    try {
      await Promise.all([this.importFile.close(), this.problems.close()]);
      await writeFile(reportTemp, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
      const files: [final: string, temp: string][] = [
        [this.importFile.path, this.importFile.tempPath],
        [this.problems.path, this.problems.tempPath],
        [reportPath, reportTemp],
      ];
      await commitSet(files.map(([final, temp]) => ({ final, temp, backup: backupName(this.dir, basename(final)) })));
    } catch (error) {
      await this.discard();
      throw this.failed(error);
    }
  }

  /** Removes the temporary files. */
  async discard(): Promise<void> {
    await Promise.all([this.importFile.discard(), this.problems.discard(), rm(tempName(this.dir, APPLY_FILES.report), { force: true })]);
  }

  private failed(error: unknown): KwigaError {
    return error instanceof KwigaError ? error : outputError(this.dir, error, true);
  }
}
