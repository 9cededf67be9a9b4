/**
 * `kwiga-validate apply <out-dir>`: the second step after a run. A person edited validation_action
 * (and maybe validation_suggestion) in review.csv and rejected.csv; this writes import.csv,
 * apply-problems.csv and apply-report.json into the same folder and prints a short summary.
 *
 * `apply` is a command only as the very first argument, so `kwiga-validate contacts.csv` and every
 * flag work as before; a list in a file literally named `apply` is checked with
 * `kwiga-validate ./apply` (README, "Apply").
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { KwigaError } from '../model/errors.js';
import { applyRun } from '../pipeline/apply/apply.js';
import { formatApplySummary } from '../report/apply-summary.js';
import type { Lang } from '../report/i18n/index.js';

function buildApplyProgram(): Command {
  return new Command()
    .name('kwiga-validate apply')
    .description('Apply the validation_action of every row of review.csv and rejected.csv: write import.csv (clean rows, kept rows, fixed rows, in input order).')
    .argument('<out-dir>', 'the folder a kwiga-validate run wrote its results to')
    .addOption(new Option('--lang <lang>', "language of the summary and of apply-problems.csv (default: the run's --lang)").choices(['en', 'uk', 'it']))
    .option('--json', 'print apply-report.json on stdout instead of the summary')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** The apply command's flags. */
interface ApplyFlags {
  lang?: Lang;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/**
 * Runs `apply` with the arguments after the word `apply`; resolves to the exit code and throws
 * KwigaError for the caller's one-line error report. `useColor` decides colour as the main
 * command does.
 */
export async function runApply(args: string[], useColor: (flag: boolean | undefined) => boolean): Promise<number> {
  const program = buildApplyProgram();
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 0;
    const text = error.message.replace(/^error: /, '');
    // `kwiga-validate apply` alone, where `apply` is a contact list: say how to check that file.
    const hint = args.length === 0 && isFile('apply') ? '; to check the file named apply, write ./apply' : '';
    throw new KwigaError('USAGE', `${text.charAt(0).toUpperCase()}${text.slice(1)}${hint} (see kwiga-validate apply --help)`);
  }
  const flags = program.opts<ApplyFlags>();
  const outDir = resolve(program.args[0]!);
  const report = await applyRun(outDir, { mode: 'person', lang: flags.lang });
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!flags.quiet) process.stdout.write(formatApplySummary(report, { color: useColor(flags.color === false ? false : undefined), outDir, lang: report.lang }));
  return 0;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

