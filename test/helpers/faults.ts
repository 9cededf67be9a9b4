/**
 * Real faults for end-to-end tests: a place where writing fails the way a full disk fails, a
 * large generated list, and a snapshot of a folder to prove it was left as it was.
 *
 * "Full" comes in two kinds, both real: a 64 KiB tmpfs (ENOSPC), when this process may mount one
 * (root on a machine; a locked-down container forbids it), and everywhere the file-size limit of
 * RLIMIT_FSIZE (`ulimit -f` in a `sh` wrapper: writes past it fail with EFBIG; Node ignores the
 * SIGXFSZ that would otherwise kill the process).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runNode, tempDir, type CliOptions, type CliResult } from './cli.js';

/** Whether this process may mount a tmpfs: tried once, on a scratch folder. */
export const CAN_MOUNT: boolean = (() => {
  if (process.platform !== 'linux') return false;
  const dir = tempDir('kwiga-mount-probe-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  if (mounted) spawnSync('umount', [dir], { stdio: 'ignore' });
  return mounted;
})();

/** A place where writes fail once a few KiB are written, and how to run the CLI against it. */
export interface FullPlace {
  /** What fails: `ENOSPC` (tmpfs) or `EFBIG` (file-size limit). */
  readonly code: 'ENOSPC' | 'EFBIG';
  /** A folder on the full place; out dirs go inside it. */
  readonly dir: string;
  /** Runs the built binary with the fault in force. */
  run(args: string[], options?: CliOptions): Promise<CliResult>;
  /** Runs a Node script (an ES module, as text) with the fault in force. */
  node(script: string): Promise<CliResult>;
  /** Unmounts the tmpfs (call in afterAll; a no-op for the file-size limit). */
  release(): void;
}

/** The kinds of full place this machine offers: always the file-size limit, a tmpfs when it may mount. */
export function fullPlaceKinds(): Array<'tmpfs' | 'ulimit'> {
  return CAN_MOUNT ? ['tmpfs', 'ulimit'] : ['ulimit'];
}

/** 64 KiB of tmpfs, or 64 KiB files (`ulimit -f 128`: 512-byte blocks in POSIX sh). */
export function fullPlace(kind: 'tmpfs' | 'ulimit'): FullPlace {
  const dir = join(tempDir('kwiga-full-'), 'place');
  mkdirSync(dir);
  if (kind === 'tmpfs') {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
    return {
      code: 'ENOSPC',
      dir,
      run: (args, options) => runCli(args, options),
      node: (script) => runNode(['--input-type=module', '-e', script]),
      release: () => {
        if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
      },
    };
  }
  const wrap = ['sh', '-c', 'ulimit -f 128 && exec "$@"', 'sh'];
  return {
    code: 'EFBIG',
    dir,
    run: (args, options) => runCli(args, { ...options, wrap }),
    node: (script) => runNode(['--input-type=module', '-e', script], { wrap }),
    release: () => undefined,
  };
}

/** Every file in a folder (dot files included) with a hash of its content, for "left as it was". */
export function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = statSync(path).isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** Writes a generated contact list of `rows` rows (bench/generate.mjs: seeded, realistic). */
export async function bigList(path: string, rows: number): Promise<string> {
  const { generate } = (await import('../../bench/generate.mjs' as string)) as { generate: (path: string, rows: number) => Promise<void> };
  await generate(path, rows);
  return path;
}
