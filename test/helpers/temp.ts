/**
 * Temporary folders for tests. Every folder made here is removed after its test file, pass or
 * fail (test/setup.ts), and test/global-setup.ts fails the run if anything at all is left in the
 * temp directory: a test run leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'kwiga-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
