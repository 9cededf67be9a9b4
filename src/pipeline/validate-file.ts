import { realpath } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Config, ConfigInput } from '../model/config.js';
import { inLibraryWords, parseConfig } from './settings.js';
import type { DomainChecker } from '../dns/domain-checker.js';
import { stopped } from '../model/abort.js';
import { KwigaError } from '../model/errors.js';
import { openAnyInput } from '../io/open-input.js';
import type { InputReader } from '../io/reader.js';
import { OutputSet, outputStyle } from './outputs.js';
import { collectGarbage, LOOKUPS_PER_COLLECTION, ROWS_PER_COLLECTION, tuneForWorkbook } from './memory.js';
import { APPLY_FILES, buildReport, OUTPUT_FILES, outputFiles, outputFormatOf } from '../report/build.js';
import type { Report } from '../model/report.js';
import { ReportBuilder } from '../report/builder.js';
import { stringsFor } from '../report/i18n/index.js';
import { renderMessage } from '../report/i18n/render.js';
import { createParts } from './parts.js';
import { inInputOrder } from './in-order.js';
import { applyRun } from './apply/apply.js';
import type { ApplyReport } from '../model/apply-report.js';

/** Progress counters a caller (the CLI spinner) may poll. */
export interface Progress {
  /** Rows read and checked so far. */
  rows: number;
  /** DNS lookups finished / waiting. */
  dns: { done: number; pending: number };
  /** With --smtp: mailbox probes answered / asked and waiting. */
  smtp?: { done: number; queued: number };
}

/** Options of `validateFile`: the long flags in camelCase, plus hooks for callers. */
export interface ValidateFileOptions extends ConfigInput {
  /** Stops the run; outputs are then not written. */
  signal?: AbortSignal;
  /** Called with progress counters now and then. */
  onProgress?: (progress: Progress) => void;
  /** Called with a plain warning line (resolver unavailable, SMTP unavailable or stopped, …). */
  onWarning?: (message: string) => void;
  /** A ready domain checker (tests, custom resolvers). */
  domainChecker?: DomainChecker;
  /** With `apply`: called with apply-report.json's content once import.csv is written. */
  onApplied?: (report: ApplyReport) => void;
}

/**
 * Rows read beyond the oldest one still waiting for its DNS answer (or SMTP probe) before reading
 * pauses: bounds memory (a run with DNS or SMTP holds at most this many rows, and the prober at
 * most this many queued addresses), while other domains' lookups and probes go on.
 */
export const LOOK_AHEAD = 20_000;

/** How often progress is reported while rows wait for the network, in ms. */
const PROGRESS_EVERY_MS = 250;

/**
 * Standard input under another name, and the pipes of process substitution (`<(cat list.csv)` is
 * `/dev/fd/63`): not files beside which results could go.
 */
const STREAM_PATH = /^\/(?:dev\/stdin|dev\/fd\/\d+|proc\/(?:self|\d+)\/fd\/\d+)$/;

/** Whether `input` is standard input, by `-` or by one of its device names. */
export function isStandardInput(input: string): boolean {
  return input === '-' || /^\/(?:dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/.test(input);
}

/**
 * The default out dir: `<input name without its last extension>.validated/` beside the input, so
 * `x.csv` gives `x.validated/` and `x.csv.gz` gives `x.csv.validated/` (the two never share one).
 * Standard input and device paths (`/dev/stdin`, `/dev/fd/N`, `/proc/self/fd/N`) give
 * `./stdin.validated/`.
 */
export function defaultOutDir(input: string): string {
  if (isStandardInput(input) || STREAM_PATH.test(input)) return resolve('stdin.validated');
  const name = basename(input);
  const ext = extname(name);
  return join(dirname(resolve(input)), `${ext ? name.slice(0, -ext.length) : name}.validated`);
}

/** Virtual file systems: nothing may be written there (and `mkdir -p` under /proc can loop forever). */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

/** Refuses an out dir under /proc, /sys or /dev, also through a symbolic link (before any mkdir). */
async function refuseSystemOutDir(outDir: string): Promise<void> {
  let existing = outDir;
  while (!(await realpath(existing).then(() => true, () => false)) && dirname(existing) !== existing) existing = dirname(existing);
  const real = await realpath(existing).catch(() => existing);
  const under = (dir: string) => SYSTEM_DIRS.find((sys) => dir === sys || dir.startsWith(`${sys}/`));
  const system = under(outDir) ?? under(real);
  if (system) {
    throw new KwigaError('USAGE', `The output folder ${outDir} is under ${system}, a system folder where no file can be written: choose another with --out-dir`);
  }
}

/**
 * Validates a CSV file or an `.xlsx` workbook and writes clean, review and rejected (`.csv` or
 * `.xlsx`), report.json and report.html.
 */
export async function validateFile(input: string, options: ValidateFileOptions = {}): Promise<Report> {
  const { signal, onProgress, onWarning, domainChecker, onApplied, ...settings } = options;
  try {
    const config = parseConfig(settings, 'options');
    return await runValidation(input, config, { signal, onProgress, onWarning, domainChecker, onApplied });
  } catch (error) {
    throw inLibraryWords(error);
  }
}

/** The run behind the CLI and `validateFile`, on validated settings. */
export async function runValidation(
  input: string,
  config: Config,
  hooks: Pick<ValidateFileOptions, 'signal' | 'onProgress' | 'onWarning' | 'domainChecker' | 'onApplied'> = {},
): Promise<Report> {
  if (config.applyReasons && !config.apply) {
    throw new KwigaError('USAGE', '--apply-reasons only says which rows --apply changes: add --apply, or leave --apply-reasons out');
  }
  const started = Date.now();
  if (hooks.signal?.aborted) throw stopped();
  const outDir = resolve(config.outDir ?? defaultOutDir(input));
  await refuseSystemOutDir(outDir);
  await refuseInputAsOutDir(input, outDir);
  if (isStandardInput(input)) input = '-';
  const reader = await openAnyInput(input, {
    ...(config.encoding ? { encoding: config.encoding } : {}),
    ...(config.delimiter ? { delimiter: config.delimiter } : {}),
    ...(config.emailColumn !== undefined ? { emailColumn: config.emailColumn } : {}),
    ...(config.sheet !== undefined ? { sheet: config.sheet } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    // Before the workbook is parsed: V8 decides what to pretenure from the first rows it sees.
    onWorkbook: tuneForWorkbook,
  });
  let report: Report;
  try {
    report = await validateInput(reader, outDir, config, hooks, started);
  } finally {
    await reader.close?.();
  }
  // The run's files are in place: --apply reads them back exactly as `kwiga-validate apply` would.
  if (config.apply) hooks.onApplied?.(await applyRun(outDir, { mode: 'auto', reasons: config.applyReasons, lang: config.lang }));
  return report;
}

/** The run once the input is open: rows through the engine into the outputs, then the reports. */
async function validateInput(
  reader: InputReader,
  outDir: string,
  config: Config,
  hooks: Pick<ValidateFileOptions, 'signal' | 'onProgress' | 'onWarning' | 'domainChecker'>,
  started: number,
): Promise<Report> {
  const startedAt = new Date(started).toISOString();
  const signal = hooks.signal;
  const parts = await createParts(config, hooks.domainChecker, signal);
  const { engine } = parts;
  // Stopped while the parts were loading: leave no out dir behind.
  if (signal?.aborted) {
    await parts.dispose();
    throw stopped();
  }
  const format = outputFormatOf(config, reader.meta);
  const style = { ...outputStyle(config, reader.meta), csvSafe: config.csvSafe };
  const outputs = await OutputSet.open(outDir, reader.meta, { format, style, lang: config.lang, actions: config.actions });
  const builder = new ReportBuilder();
  const progress: Progress = { rows: 0, dns: { done: 0, pending: 0 } };
  const { emailColumn, otherEmailColumns: otherColumns } = reader.meta;
  const dnsProgress = () => parts.optional.dns?.progress ?? progress.dns;
  const smtpProgress = parts.optional.smtp?.progress;
  const tell = () => hooks.onProgress?.({ ...progress, dns: dnsProgress(), ...(smtpProgress ? { smtp: { ...smtpProgress } } : {}) });
  // While rows wait for the network (a probe can take seconds) no batch comes out: report anyway.
  const ticker = hooks.onProgress && parts.optional.dns ? setInterval(tell, PROGRESS_EVERY_MS).unref() : undefined;
  let collectedAtRows = 0;
  let collectedAtLookups = 0;
  let report: Report;
  try {
    const results = inInputOrder(reader.rows(), (row) => engine.process(row, emailColumn, otherColumns), { lookAhead: LOOK_AHEAD, signal });
    for await (const batch of results) {
      for (const result of batch) {
        outputs.write(result);
        builder.add(result);
      }
      progress.rows += batch.length;
      // Rows, and the sockets and packets of finished lookups, leave garbage behind: collect now
      // and then (a no-op unless the CLI enabled it; see memory.ts).
      const lookups = dnsProgress().done;
      if (progress.rows - collectedAtRows >= ROWS_PER_COLLECTION || lookups - collectedAtLookups >= LOOKUPS_PER_COLLECTION) {
        collectedAtRows = progress.rows;
        collectedAtLookups = lookups;
        collectGarbage();
      }
      await outputs.flush();
      tell();
    }
    if (signal?.aborted) throw stopped();
    await parts.close();
    for (const warning of parts.warnings()) hooks.onWarning?.(renderMessage(warning, stringsFor(config.lang)));
    report = buildReport({
      config,
      meta: reader.meta,
      stats: reader.stats,
      builder,
      dns: parts.optional.dns?.report(),
      smtp: parts.optional.smtp?.report(),
      suppression: parts.optional.suppression?.report() ?? [],
      startedAt,
      durationMs: Date.now() - started,
      output: { delimiter: style.delimiter, bom: typeof style.bom === 'function' ? style.bom() : style.bom },
    });
    if (signal?.aborted) throw stopped();
    await outputs.commit(report, builder, config);
  } catch (error) {
    // Lookups still queued or in flight would keep the process alive for nothing; the answers
    // already received are still saved to the cache.
    await parts.dispose();
    await outputs.discard();
    throw error;
  } finally {
    clearInterval(ticker);
  }
  return report;
}

/** SPEC: never write into or over the input file. */
async function refuseInputAsOutDir(input: string, outDir: string): Promise<void> {
  if (isStandardInput(input) || STREAM_PATH.test(input)) return;
  const real = await realpath(input).catch(() => resolve(input));
  const out = await realpath(outDir).catch(() => outDir);
  if (real === out) {
    throw new KwigaError('USAGE', `The output folder ${outDir} is the input file itself: choose another with --out-dir`);
  }
  // `kwiga-validate out/clean.csv -o out` would replace its own input with the result.
  const outputNames: readonly string[] = [...Object.values(OUTPUT_FILES), ...Object.values(outputFiles('xlsx')), ...Object.values(APPLY_FILES)];
  if (dirname(real) === out && outputNames.includes(basename(real))) {
    throw new KwigaError(
      'USAGE',
      `${basename(real)} in ${outDir} would be overwritten by the results: choose another folder with --out-dir`,
    );
  }
}
