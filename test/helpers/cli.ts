import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built binary, run as a user runs it. */
export const BIN = join(import.meta.dirname, '../../bin/kwiga-validate.js');
/** The repository's fixtures folder. */
export const FIXTURES = join(import.meta.dirname, '../../fixtures');

/** What a CLI run gave back. */
export interface CliResult {
  /** Exit code. */
  code: number | null;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Options of a CLI run. */
export interface CliOptions {
  /** Text for standard input. */
  input?: string | Buffer;
  /** Extra environment variables. */
  env?: Record<string, string | undefined>;
  /** Working directory. */
  cwd?: string;
  /** Kill after this many ms (bounded runs only). */
  timeoutMs?: number;
  /** A command to run node under (`['sh', '-c', 'ulimit -f 128 && exec "$@"', 'sh']`). */
  wrap?: string[];
}

/** A CLI child under way: the process, and its result once it has closed. */
export interface CliRun {
  /** The child process (to signal it). */
  child: ChildProcessWithoutNullStreams;
  /** Standard error so far. */
  readonly stderr: string;
  /** Resolves when the child has closed. */
  done: Promise<CliResult>;
}

/**
 * Starts the built binary, so an in-process DNS or SMTP test server keeps answering while the
 * child runs. No TTY, `CI` unset unless given, colours off unless asked for.
 */
export function startCli(args: string[], options: CliOptions = {}): CliRun {
  return startNode([BIN, ...args], options);
}

/** Starts `node` with these arguments (the binary, or `-e` and a script), as `startCli` does. */
export function startNode(nodeArgs: string[], options: CliOptions = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, DEBUG: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const [command, ...prefix] = options.wrap ?? [process.execPath];
  const args = options.wrap ? [...prefix, process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(command!, args, { cwd: options.cwd, env: env as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin.end(options.input ?? '');
  return {
    child,
    get stderr() {
      return stderr;
    },
    done,
  };
}

/** Runs the built binary to the end (see `startCli`). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Runs `node` with these arguments to the end (see `startNode`). */
export function runNode(nodeArgs: string[], options: CliOptions = {}): Promise<CliResult> {
  return startNode(nodeArgs, options).done;
}

/** The child's network fence (loopback-fence.mjs): what it prints when the child tried to leave loopback. */
export const FENCE_MARKER = 'KWIGA-TEST-FENCE';

/**
 * Environment that loads the network fence into a CLI child before its own code: any connection,
 * datagram or system-resolver lookup outside loopback ends it (exit 70, FENCE_MARKER on stderr).
 */
export function fencedEnv(): Record<string, string> {
  const fence = pathToFileURL(join(import.meta.dirname, 'loopback-fence.mjs')).href;
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${fence}`.trim() };
}

export { tempDir } from './temp.js';

/**
 * Waits until `ready()` holds, checking on every turn of the event loop's timers (no fixed sleep):
 * for a child process to show it started before a test signals or races it. Fails naming `what`
 * after `timeoutMs`.
 */
export async function waitFor(ready: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
