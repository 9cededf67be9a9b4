/**
 * Issue 16.1: a full disk (or any write error) never loses a run silently. On a real 64 KiB tmpfs
 * (where this process may mount one) and under a real file-size limit (everywhere): exit 3, one
 * line naming the folder and the cause, no temporary file left, a previous run's results left
 * exactly as they were, and `validateFile()` rejects instead of never settling.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { bigList, fullPlace, fullPlaceKinds, snapshot, type FullPlace } from './helpers/faults.js';

const OUTPUTS = ['.kwiga-rows.csv', 'clean.csv', 'rejected.csv', 'report.html', 'report.json', 'review.csv'];
const DIST = join(import.meta.dirname, '../dist/index.js');

let list: string;
let small: string;

beforeAll(async () => {
  const dir = tempDir('kwiga-full-lists-');
  list = await bigList(join(dir, 'contacts.csv'), 20_000);
  small = join(dir, 'small.csv');
  writeFileSync(small, 'Email,Name\nolena@gmail.com,Olena\nnot-an-address,X\ninfo@school.com.ua,Info\n');
});

describe.each(fullPlaceKinds())('writing fails (%s)', (kind) => {
  let place: FullPlace;
  beforeAll(() => {
    place = fullPlace(kind);
  });
  afterAll(() => place.release());

  it('exits 3 with one line naming the folder and the cause, and leaves nothing behind', async () => {
    const out = join(place.dir, 'fresh');
    const result = await place.run([list, '--offline', '-q', '-o', out]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(out);
    expect(lines[0]).toContain(place.code);
    expect(lines[0]).not.toMatch(/internal error/);
    // The run made the folder, so it removes it again: no partial file, no empty folder.
    expect(existsSync(out)).toBe(false);
  });

  it('leaves a previous run\'s complete results exactly as they were', async () => {
    const out = join(place.dir, 'previous');
    const first = await runCli([small, '--offline', '-q', '-o', out]);
    expect(first.code).toBe(0);
    const before = snapshot(out);
    expect(Object.keys(before)).toEqual(OUTPUTS);
    const result = await place.run([list, '--offline', '-q', '-o', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(out);
    expect(snapshot(out)).toEqual(before);
  });

  it('validateFile() rejects with an OUTPUT error instead of never settling', async () => {
    const out = join(place.dir, 'library');
    const script = `
      import { validateFile } from ${JSON.stringify(DIST)};
      validateFile(${JSON.stringify(list)}, { offline: true, outDir: ${JSON.stringify(out)} }).then(
        () => console.log('resolved'),
        (error) => console.log('rejected', error.code, error.message),
      );`;
    const result = await place.node(script);
    expect(result.stdout).toMatch(/^rejected OUTPUT Cannot write the results to /);
    expect(result.stdout).toContain(place.code);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the results are swapped in as a set', () => {
  it('a rename that fails halfway puts the previous results back, whole', async () => {
    const out = join(tempDir('kwiga-swap-'), 'out');
    expect((await runCli([small, '--offline', '-q', '-o', out])).code).toBe(0);
    const before = snapshot(out);
    // A folder where review.csv of the previous run is to be kept aside makes that rename fail
    // after report.json, report.html and rejected.csv were moved: `exec` keeps the shell's pid,
    // so the obstacle carries the name the run will use.
    const obstacle = '.review.csv.$$.previous';
    const wrap = ['sh', '-c', `mkdir -p "$OUT/${obstacle}/x" && exec "$@"`, 'sh'];
    const result = await runCli([list, '--offline', '-q', '-o', out], { wrap, env: { OUT: out } });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(out);
    const after = snapshot(out);
    const left = Object.keys(after).filter((name) => !(name in before));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.review\.csv\.\d+\.previous$/);
    delete after[left[0]!];
    expect(after).toEqual(before);
  });

  it('an out dir that cannot be created: exit 3, one line with the cause', async () => {
    const parent = tempDir('kwiga-notdir-');
    writeFileSync(join(parent, 'file'), 'x');
    const result = await runCli([small, '--offline', '-q', '-o', join(parent, 'file', 'out')]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('ENOTDIR');
  });
});
