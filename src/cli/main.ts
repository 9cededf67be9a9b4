/**
 * The `cli/` folder: the command line — commander, colours, the spinner, exit codes and GitHub
 * Actions output (github.ts). The only place that prints; everything below it returns data.
 */
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import ora, { type Ora } from 'ora';
import { DEFAULT_CONFIG_FILE, type Config } from '../model/config.js';
import { mergeConfig, parseConfig, readConfigFile } from '../pipeline/settings.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../pipeline/parts.js';
import { KwigaError } from '../model/errors.js';
import { formatSummary } from '../report/summary.js';
import { gateFigures, getExitCode } from '../report/build.js';
import { counted, formatTrimmed, stringsFor } from '../report/i18n/index.js';
import type { Report } from '../model/report.js';
import { defaultOutDir, isStandardInput, runValidation, type Progress } from '../pipeline/validate-file.js';
import { githubOutputs } from './github.js';
import { runApply } from './apply.js';
import { formatApplyLine } from '../report/apply-summary.js';
import type { ApplyReport } from '../model/apply-report.js';
import { enableGarbageCollection } from '../pipeline/memory.js';
import { VERSION } from '../model/version.js';

export { DEFAULT_CONFIG_FILE };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The end of `--help`: what the exit code says (SPEC; README "Exit codes"). */
const EXIT_CODES_HELP = `
Exit codes:
  0    the run finished (whatever it found)
  1    --fail-on-rejected or --fail-on-review was exceeded (the results are still written)
  2    usage or input error: a bad option or config, an unreadable input, no email column
  3    the run failed: the results could not be written (the disk is full, …), or an internal error
  130  stopped by Ctrl-C (SIGINT); 143 by SIGTERM; 129 by SIGHUP: nothing is written`;

function buildProgram(): Command {
  return new Command()
    .name('kwiga-validate')
    .description('Check a contact list before importing it into Kwiga: clean, review and rejected (.csv or .xlsx) and reports.')
    .argument('<input>', 'CSV/TSV file (.gz is read too) or .xlsx workbook, told apart by content; - for standard input')
    .option('-o, --out-dir <dir>', 'where results go (default: <input name without its last extension>.validated/ beside the input; ./stdin.validated/ for standard input)')
    .option('--email-column <name|number>', 'the column with the address (default: detected)')
    .option('--sheet <name|number>', 'the sheet of an .xlsx workbook (default: the first with an address column)')
    .option('--delimiter <char>', 'field delimiter: , ; tab | (default: detected)')
    .option('--encoding <name>', 'utf-8, utf-16le, utf-16be, windows-1251, windows-1252 (default: detected)')
    .option('--offline', 'no network at all; every check that needs none still runs')
    .option('--dns-server <host[:port]>', 'DNS server to ask, repeatable (default: the system resolvers)', collect)
    .option('--dns-timeout <ms>', `timeout of one DNS query attempt in milliseconds (default: ${DEFAULT_TIMEOUT_MS}; 3 attempts)`)
    .option('--concurrency <n>', `DNS lookups in flight, one per unique domain (default: ${DEFAULT_CONCURRENCY})`)
    .option('--cache <file>', 'read and update a JSON cache of answers (domains; mailboxes with --smtp)')
    .option('--dns-cache <file>', 'the earlier name of --cache')
    .option('--smtp', 'probe mailboxes over SMTP after the DNS checks (needs --smtp-from)')
    .option('--smtp-from <address>', 'MAIL FROM of the probes: a real mailbox on a domain you control')
    .option('--smtp-helo <name>', "EHLO name (default: this machine's fully qualified name)")
    .option('--smtp-timeout <ms>', 'bound on the connection and each SMTP command (default 10000)')
    .option('--smtp-concurrency <n>', 'mail hosts probed at once, one connection each (default 5)')
    .option('--smtp-max <n>', 'the most addresses probed in one run')
    .option('--smtp-proxy <url>', 'send SMTP connections through a SOCKS5 proxy: socks5://host:port')
    .option('--smtp-port <n>', 'TCP port of the mail hosts (default 25)')
    .option('--smtp-allow-private', 'probe MX hosts on loopback, private or link-local addresses')
    .option('--suppress <file>', 'suppression list (bounces, complaints, unsubscribes), repeatable', collect)
    .option('--config <file>', `JSON config file (default: ./${DEFAULT_CONFIG_FILE} when present)`)
    .option('--fail-on-rejected <percent>', 'exit 1 when more than this share of rows is rejected')
    .option('--fail-on-review <percent>', 'exit 1 when more than this share of rows goes to review')
    .option('--json', 'print report.json on stdout instead of the text summary')
    .addOption(new Option('--lang <lang>', 'language of report.html, validation_detail and this summary').choices(['en', 'uk', 'it']))
    .option('--report-unmasked', 'show whole addresses in report.html')
    .addOption(new Option('--output-format <format>', "format of clean, review and rejected (default: the input's)").choices(['csv', 'xlsx']))
    .option('--output-delimiter <char>', "delimiter of the output CSVs: , ; tab | (default: the input's)")
    .option('--bom', 'write the CSVs with a UTF-8 byte order mark (default: when the input had one or was windows-1251/1252)')
    .option('--no-bom', 'write the CSVs without a byte order mark')
    .option('--csv-safe', "prefix ' to CSV cells starting with = + - @ so spreadsheets never run them as formulas")
    .option('--apply', 'after the run, apply the prefilled validation_action of every row: write import.csv')
    .option('--apply-reasons <codes>', 'with --apply: only rows with these reason codes (comma-separated) are kept or fixed')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .version(VERSION, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', `${EXIT_CODES_HELP}\nAfter editing validation_action in review.csv and rejected.csv:\n  kwiga-validate apply <out-dir>   write import.csv (see kwiga-validate apply --help)\n`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** Flags the user actually gave (so config-file values are not overridden by defaults). */
function givenFlags(program: Command): Record<string, unknown> {
  const opts = program.opts<Record<string, unknown>>();
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts)) {
    if (key === 'config') continue;
    if (program.getOptionValueSource(key) === 'cli') given[key] = value;
  }
  return given;
}

/** Whether colour is on: --no-color / NO_COLOR / FORCE_COLOR / a TTY decide, in that order. */
function useColor(config: Pick<Config, 'color'>, stream: NodeJS.WriteStream): boolean {
  if (config.color === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}

function startSpinner(config: Config): Ora | undefined {
  if (config.quiet || config.json || process.env.CI || !process.stderr.isTTY) return undefined;
  // A pseudo-terminal without a size (some CI runners, `script`) would make ora redraw garbage.
  if (!process.stderr.columns) return undefined;
  return ora({ text: 'Reading…', stream: process.stderr, discardStdin: false, color: useColor(config, process.stderr) ? 'cyan' : false }).start();
}

function progressText(p: Progress, started: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(p.rows / seconds) : 0;
  const dns = p.dns.done + p.dns.pending > 0 ? ` · DNS ${p.dns.done} done, ${p.dns.pending} pending` : '';
  const smtp = p.smtp && p.smtp.done + p.smtp.queued > 0 ? ` · SMTP ${p.smtp.done} done, ${p.smtp.queued} queued` : '';
  return `${p.rows.toLocaleString('en-US')} rows · ${rate.toLocaleString('en-US')} rows/s${dns}${smtp} · ${seconds.toFixed(0)}s`;
}

/** Runs the CLI; resolves to the exit code (never throws). */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  let spinner: Ora | undefined;
  const controller = new AbortController();
  // Ctrl-C, `kill`/`docker stop`/CI cancellation, a closed terminal: each stops the run the same
  // way (temporary files and an out dir the run made are removed). A second signal while the run
  // cleans up is ignored, so an impatient double Ctrl-C cannot leave half the cleanup undone.
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) return;
    stoppedBy = signal;
    spinner?.stop();
    process.stderr.write('kwiga-validate: stopping…\n');
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    // `apply` as the first argument is the second step (cli/apply.ts); anything else is a list to check.
    if (argv[2] === 'apply') return await runApply(argv.slice(3), (color) => useColor({ color }, process.stdout));
    try {
      program.parse(argv);
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.exitCode === 0) return 0;
        const text = error.message.replace(/^error: /, '');
        throw new KwigaError('USAGE', `${text.charAt(0).toUpperCase()}${text.slice(1)} (see kwiga-validate --help)`);
      }
      throw error;
    }
    const input = program.args[0]!;
    // The file is validated on its own first (messages name it and the key's path), then flags override it.
    const file = await readConfigFile(program.opts<{ config?: string }>().config);
    const config = parseConfig(mergeConfig(file?.settings ?? {}, givenFlags(program)), 'flags');
    if (isStandardInput(input) && process.stdin.isTTY && !config.quiet) {
      process.stderr.write('kwiga-validate: reading the list from the terminal; end it with Ctrl-D (Ctrl-C stops)\n');
    }
    spinner = startSpinner(config);
    const started = Date.now();
    let lastDraw = 0;
    const warnings: string[] = [];
    let applied: ApplyReport | undefined;
    const report: Report = await runValidation(input, config, {
      onApplied: (result) => (applied = result),
      signal: controller.signal,
      onProgress: (p) => {
        // Ten updates a second are plenty for a person and cost nothing on millions of rows.
        const now = Date.now();
        if (!spinner || now - lastDraw < 100) return;
        lastDraw = now;
        spinner.text = progressText(p, started);
      },
      onWarning: (message) => warnings.push(message),
    });
    spinner?.stop();
    spinner = undefined;
    for (const warning of warnings) process.stderr.write(`kwiga-validate: warning: ${warning}\n`);
    const outDir = resolve(config.outDir ?? defaultOutDir(input));
    if (config.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (!config.quiet) {
      process.stdout.write(formatSummary(report, { color: useColor(config, process.stdout), outDir, lang: config.lang }));
      if (applied) process.stdout.write(formatApplyLine(applied, { color: useColor(config, process.stdout), lang: config.lang }));
    }
    await githubOutputs(report, outDir);
    const code = getExitCode(report, config);
    // The text summary shows the gates; with --json or --quiet say on stderr why the job fails.
    if (code === 1 && (config.json || config.quiet)) for (const line of failedGateLines(report)) process.stderr.write(`kwiga-validate: ${line}\n`);
    return code;
  } catch (error) {
    spinner?.stop();
    return reportError(error, stoppedBy);
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  }
}

/**
 * `--fail-on-rejected 10%: 23.81% of rows rejected (5 of 21), 13.81 points over the limit`, with as
 * many decimals as it takes to show how far over (`37.931% …, 0.001 points over`).
 */
function failedGateLines(report: Report): string[] {
  const en = stringsFor('en');
  return report.gates
    .filter((g) => g.failed)
    .map((g) => {
      const f = gateFigures(g, report.totals);
      const actual = formatTrimmed(f.actual, f.digits, '.');
      const what = g.name === 'rejected' ? 'rejected' : 'sent to review';
      return `--fail-on-${g.name} ${g.thresholdPercent}%: ${actual}% of rows ${what} (${report.totals[g.name]} of ${report.totals.rows}), ${counted(en, 'point', f.over, f.digits)} over the limit`;
    });
}

/** The signals that stop a run; the exit code is 128 + the signal's number, as shells report it. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP (128 + signal number, the shell convention). */
function signalExitCode(signal: NodeJS.Signals | undefined): number {
  return 128 + (osConstants.signals[signal ?? 'SIGINT'] ?? 2);
}

function reportError(error: unknown, stoppedBy?: NodeJS.Signals): number {
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? error.message}\n`);
  if (error instanceof KwigaError) {
    if (error.code === 'ABORTED') {
      process.stderr.write('kwiga-validate: stopped; no results were written.\n');
      return signalExitCode(stoppedBy);
    }
    process.stderr.write(`kwiga-validate: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kwiga-validate: internal error: ${message} (run with DEBUG=1 for details, and please report it)\n`);
  return 3;
}

/** Entry point for bin/kwiga-validate.js. */
export async function main(argv: string[]): Promise<void> {
  // The CLI owns its process: periodic full collections keep a million-row run's heap small.
  enableGarbageCollection();
  const code = await run(argv);
  process.exitCode = code;
  // A run stopped while waiting for standard input leaves it open, which would keep the process alive.
  process.stdin.destroy();
}
