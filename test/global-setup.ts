/**
 * The whole run gets a temp directory of its own (TMPDIR, inherited by the test workers and by
 * every process they start: the CLI, browsers). At the end it must be empty: whatever a test or a
 * child process left there fails the run, by name. It is removed either way, so the machine's temp
 * directory holds nothing new after `npm test`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'kwiga-validate-tests-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code ourselves.
      process.exitCode = 1;
      throw new Error(`The tests left ${left.length} item(s) in the temp directory: ${left.slice(0, 10).join(', ')}`);
    }
  };
}
