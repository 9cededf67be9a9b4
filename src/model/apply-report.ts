/**
 * apply-report.json (schemaVersion 1): what `kwiga-validate apply` (or `--apply`) did with a run's
 * rows. Every row of the run is counted once: imported (clean, kept, fixed) or left out (dropped,
 * deleted from the file by the person, refused by a check, or not selected by --apply-reasons).
 * schema/apply-report.schema.json is generated from this schema.
 */
import { z } from 'zod';
import { ACTIONS } from './actions.js';
import { REASON_CODES } from './findings.js';

const count = z.number().int().nonnegative();

/** What became of the rows of one reason. */
const ReasonOutcomeSchema = z.object({
  /** Imported as they were (action keep). */
  kept: count,
  /** Imported with the address replaced by validation_suggestion (action fix). */
  fixed: count,
  /** Left out on purpose (action drop). */
  dropped: count,
  /** Deleted from review/rejected by the person: left out. */
  deleted: count,
  /** keep or fix refused by a check (apply-problems.csv): left out. */
  refused: count,
  /** Not among --apply-reasons: left out. */
  notSelected: count,
});

/** How one review/rejected file was read back. */
const ReadFileSchema = z.object({
  /** The file name in the out dir. */
  file: z.string(),
  /** Encoding it was read in (a spreadsheet program may have saved it in another). */
  encoding: z.string(),
  /** Delimiter it was read with (empty for a workbook). */
  delimiter: z.string(),
  /** Rows read. */
  rows: count,
});

/** The apply-report.json document. Fields may be added; these keep their meaning. */
export const ApplyReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('kwiga-validate'), version: z.string() }),
  /** `person`: `kwiga-validate apply` on files a person edited; `auto`: `--apply` after the run. */
  mode: z.enum(['person', 'auto']),
  /** With --apply-reasons: the only reasons whose actions were applied. */
  selectedReasons: z.array(z.enum(REASON_CODES)).optional(),
  /** Language of apply-problems.csv's sentences (the run's --lang unless apply was given one). */
  lang: z.enum(['en', 'uk', 'it']),
  /** The run applied: its input file and when it started (report.json's `input.file`, `startedAt`). */
  run: z.object({ input: z.string(), startedAt: z.string() }),
  /** review and rejected as read back. */
  read: z.object({ review: ReadFileSchema, rejected: ReadFileSchema }),
  /** Every row of the run, once: rows = imported + dropped + deleted + refused + notSelected. */
  totals: z.object({
    rows: count,
    /** Rows in import.csv: clean + kept + fixed. */
    imported: count,
    clean: count,
    kept: count,
    fixed: count,
    dropped: count,
    deleted: count,
    refused: count,
    notSelected: count,
  }),
  /** validation_action values as read (refused ones included), over rows still in the files. */
  actions: z.record(z.enum(ACTIONS), count),
  /** What became of the review/rejected rows of each reason (reasons with rows only). */
  reasons: z.partialRecord(z.enum(REASON_CODES), ReasonOutcomeSchema),
  /** Rows in apply-problems.csv, by the reason they were refused for. */
  problems: z.object({ rows: count, reasons: z.partialRecord(z.enum(REASON_CODES), count) }),
  /** The files written, in the out dir. */
  outputs: z.object({ import: z.string(), problems: z.string(), report: z.string() }),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
});

/** The apply-report.json document. */
export type ApplyReport = z.infer<typeof ApplyReportSchema>;

/** What became of the rows of one reason. */
export type ReasonOutcome = z.infer<typeof ReasonOutcomeSchema>;
