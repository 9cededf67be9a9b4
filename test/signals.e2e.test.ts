/**
 * Issue 16.3: Ctrl-C (SIGINT), SIGTERM (CI cancellation, `docker stop`) and SIGHUP (a closed
 * terminal) stop a run the same way: "stopping…" once, then "stopped", exit 128 + the signal's
 * number (130, 143, 129), no output or temporary file left, an out dir the run made removed, a
 * previous run's results untouched. A second signal during the cleanup does not cut it short.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, waitFor } from './helpers/cli.js';
import { bigList, snapshot } from './helpers/faults.js';

let list: string;

beforeAll(async () => {
  list = await bigList(join(tempDir('kwiga-signal-list-'), 'big.csv'), 300_000);
}, 60_000);

/** Starts the built binary on the big list; `closed` settles with its exit code and signal. */
function start(out: string) {
  const child = spawn(process.execPath, [BIN, list, '--offline', '-o', out], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void closed.then(() => clearTimeout(killer));
  return { child, closed, stderr: () => stderr };
}

/** Mid-run: once the temporary outputs exist (the signal handlers are in place by then). */
const writing = (out: string) => () => existsSync(out) && readdirSync(out).some((f) => f.endsWith('.partial'));

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s', (signal, exitCode) => {
  it(`exits ${exitCode}, says "stopping…" once, and leaves no outputs, temporary files or out dir`, async () => {
    const out = join(tempDir('kwiga-signal-'), 'out');
    const run = start(out);
    await waitFor(writing(out), 'the run to start writing');
    run.child.kill(signal);
    expect(await run.closed).toEqual({ code: exitCode, signal: null });
    expect(run.stderr().trim().split('\n')).toEqual(['kwiga-validate: stopping…', 'kwiga-validate: stopped; no results were written.']);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a second signal right after the first does not cut the cleanup short', async () => {
    const out = join(tempDir('kwiga-signal-'), 'out');
    const run = start(out);
    await waitFor(writing(out), 'the run to start writing');
    run.child.kill(signal);
    run.child.kill(signal);
    expect(await run.closed).toEqual({ code: exitCode, signal: null });
    expect(run.stderr().match(/stopping…/g)).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

it('SIGTERM leaves a previous run\'s results in the out dir exactly as they were', async () => {
  const dir = tempDir('kwiga-signal-');
  const out = join(dir, 'out');
  const small = join(dir, 'small.csv');
  writeFileSync(small, 'Email\nolena@gmail.com\nbad\n');
  expect((await runCli([small, '--offline', '-q', '-o', out])).code).toBe(0);
  const before = snapshot(out);
  const run = start(out);
  await waitFor(writing(out), 'the run to start writing');
  run.child.kill('SIGTERM');
  expect((await run.closed).code).toBe(143);
  expect(snapshot(out)).toEqual(before);
}, 60_000);
