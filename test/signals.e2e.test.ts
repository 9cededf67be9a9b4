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
import { startDnsServer } from './helpers/dns-server.js';

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

it('SIGTERM while DNS lookups wait: no lookup is asked after it, and the process does not wait for answers', async () => {
  // A resolver that never answers, and a timeout of a minute per attempt: without ending the
  // lookups at once, the run would wait minutes for answers nobody reads.
  const dns = await startDnsServer({}, { silent: true });
  try {
    const dir = tempDir('kwiga-signal-');
    const file = join(dir, 'list.csv');
    writeFileSync(file, `Email\n${Array.from({ length: 500 }, (_, i) => `u${i}@kwiga-signal-${i}.com`).join('\n')}\n`);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [BIN, file, '--dns-server', dns.address, '--dns-timeout', '60000', '--concurrency', '4', '-o', out], {
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor(() => dns.count() >= 4, 'the first lookups to be asked');
    child.kill('SIGTERM');
    const asked = dns.count();
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await closed;
    clearTimeout(killer);
    expect(code).toBe(143);
    expect(dns.count()).toBe(asked);
    expect(existsSync(out)).toBe(false);
  } finally {
    await dns.close();
  }
}, 60_000);
