/**
 * A person's decisions, read back from review.csv and rejected.csv (or .xlsx) after a spreadsheet
 * program saved them: columns are found by name (a program may move them; extra columns a person
 * added are ignored), rows are matched to the run by `validation_line`. Whatever cannot be matched
 * without guessing — an unknown action, a line number that is not a review/rejected row of the run,
 * the same line twice, a row the reader cannot read — is an error naming the file and its line,
 * before anything is written (exit 2).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAction, type Action } from '../../model/actions.js';
import { KwigaError } from '../../model/errors.js';
import type { XlsxCell } from '../../io/xlsx/index.js';
import { VALIDATION_COLUMNS } from '../outputs.js';
import type { RowIndex, RunDir } from './run-dir.js';
import { openBack } from './tables.js';

/** One review/rejected row as the person left it. */
export interface Decision {
  /** The row's input line (validation_line). */
  line: number;
  /** What to do with it. */
  action: Action;
  /** validation_suggestion as the person left it (trimmed later, by the checks). */
  suggestion: string;
  /** The input's columns, in the run's order, with the person's edits. */
  fields: string[];
  /** The same cells typed (workbooks only). */
  cells?: XlsxCell[];
  /** The file it was read from (`review.csv`). */
  file: string;
  /** Its line (CSV) or row (xlsx) in that file. */
  fileLine: number;
}

/** How a file was read back. */
export interface ReadBack {
  /** File name. */
  file: string;
  /** Encoding it was read in. */
  encoding: string;
  /** Delimiter it was read with (empty for a workbook). */
  delimiter: string;
  /** Data rows read. */
  rows: number;
}

/** Column positions in a file read back. */
interface Columns {
  line: number;
  action: number;
  suggestion: number | undefined;
  /** Position of each of the run's input columns. */
  input: number[];
}

const key = (name: string) => name.normalize('NFC').trim().toLowerCase();
const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
const NOTHING = 'nothing was written';

/**
 * Finds our columns and the input's by name. Ours are the last of their name (an input that itself
 * had a `validation_line` column keeps it before ours); the k-th input column of a name is the k-th
 * other column of that name.
 */
function locate(header: readonly string[], run: RunDir, file: string): Columns {
  const names = header.map(key);
  const find = (name: string) => {
    const at = names.lastIndexOf(name);
    return at < 0 ? undefined : at;
  };
  const line = find('validation_line');
  const action = find('validation_action');
  for (const [name, at] of [['validation_line', line], ['validation_action', action]] as const) {
    if (at === undefined) {
      throw new KwigaError('INPUT', `${file} has no ${name} column, which apply needs: restore it (or run the check again); ${NOTHING}`);
    }
  }
  const ours = VALIDATION_COLUMNS.map(find).filter((at) => at !== undefined);
  const taken = new Set<number>(ours);
  const input = run.basis.columns.map((column) => {
    const at = names.findIndex((n, i) => n === key(column) && !taken.has(i));
    if (at < 0) throw new KwigaError('INPUT', `${file} has no column ${shown(column)} any more; import.csv needs every column of the input: restore it; ${NOTHING}`);
    taken.add(at);
    return at;
  });
  return { line: line!, action: action!, suggestion: find('validation_suggestion'), input };
}

/**
 * Reads one file's rows into `into` (by line), checking each against the run's row index.
 * `kind` names the file in report.json's `outputs` (`review` or `rejected`).
 */
export async function readDecisions(run: RunDir, index: RowIndex, kind: 'review' | 'rejected', into: Map<number, Decision>): Promise<ReadBack> {
  const file = run.files[kind];
  await refuseNewerCopy(run.dir, file);
  const table = await openBack(join(run.dir, file), file, run.format, 'validation_line');
  let columns: Columns | undefined;
  let rows = 0;
  for await (const batch of table.records()) {
    for (const record of batch) {
      if (record.problem) {
        throw new KwigaError('INPUT', `${file} line ${record.line} cannot be read (a quote is not closed or misplaced): correct that line and apply again; ${NOTHING}`);
      }
      if (!columns) {
        columns = locate(record.fields, run, file);
        continue;
      }
      rows++;
      const decision = toDecision(record.fields, record.cells, record.line, columns, file, index);
      const earlier = into.get(decision.line);
      if (earlier) {
        throw new KwigaError('INPUT', `${file} line ${record.line}: validation_line ${decision.line} appears twice (also ${earlier.file} line ${earlier.fileLine}): delete one of the two rows; ${NOTHING}`);
      }
      into.set(decision.line, decision);
    }
  }
  if (!columns) throw new KwigaError('INPUT', `${file} is empty, not even its header is left: run the check again; ${NOTHING}`);
  return { file, encoding: table.encoding(), delimiter: table.delimiter, rows };
}

/**
 * Excel offers to save an opened review.csv as review.xlsx (and LibreOffice as .ods): the edits
 * then sit in a file apply would not read. A copy in the other format, newer than the run's file,
 * is refused rather than silently ignored.
 */
async function refuseNewerCopy(dir: string, file: string): Promise<void> {
  const base = file.replace(/\.(csv|xlsx)$/i, '');
  const ours = await stat(join(dir, file)).catch(() => undefined);
  if (!ours) throw new KwigaError('INPUT', `${join(dir, file)} is missing: apply reads the decisions from it; run the check again; ${NOTHING}`);
  for (const ext of ['.csv', '.xlsx', '.ods']) {
    const other = `${base}${ext}`;
    if (other === file) continue;
    const copy = await stat(join(dir, other)).catch(() => undefined);
    if (copy && copy.mtimeMs > ours.mtimeMs) {
      throw new KwigaError(
        'INPUT',
        `${other} is newer than ${file}, so your decisions may be in it, but apply reads ${file}: save your edits as ${file} (format ${file.slice(base.length + 1).toUpperCase()}) and delete ${other}; ${NOTHING}`,
      );
    }
  }
}

function toDecision(fields: string[], cells: XlsxCell[] | undefined, fileLine: number, columns: Columns, file: string, index: RowIndex): Decision {
  const where = `${file} line ${fileLine}`;
  const lineText = (fields[columns.line] ?? '').trim();
  // A spreadsheet may show a whole number as `12.0` or `12,0`; anything else is not a line number.
  const match = /^(\d+)(?:[.,]0+)?$/.exec(lineText);
  const line = match ? Number(match[1]) : NaN;
  const at = Number.isSafeInteger(line) ? index.find(line) : -1;
  if (at < 0 || index.bucket(at) === 'clean') {
    throw new KwigaError(
      'INPUT',
      `${where}: validation_line ${shown(lineText)} is not a row of review or rejected in this run: put the number back as it was, or delete the row; ${NOTHING}`,
    );
  }
  const actionText = fields[columns.action] ?? '';
  const action = parseAction(actionText);
  if (!action) {
    const what = actionText.trim() === '' ? 'is empty' : `${shown(actionText)} is not keep, fix or drop`;
    throw new KwigaError('INPUT', `${where} (validation_line ${line}): validation_action ${what}: write keep, fix or drop and apply again; ${NOTHING}`);
  }
  const decision: Decision = {
    line,
    action,
    suggestion: columns.suggestion === undefined ? '' : (fields[columns.suggestion] ?? ''),
    fields: columns.input.map((i) => fields[i] ?? ''),
    file,
    fileLine,
  };
  if (cells) decision.cells = columns.input.map((i) => cells[i] ?? { type: 'empty' });
  return decision;
}
