/**
 * Issue 16.2: a `--cache` (`--dns-cache`) that cannot be written never costs a run. A folder that does not
 * exist (or is not a folder) is refused before any lookup (exit 2, one line); a cache that cannot
 * be saved at the end (a disk that filled up, a name taken) leaves the results written, with one
 * warning. The built binary against the real DNS test server.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer } from './helpers/dns-server.js';
import { CAN_MOUNT, fullPlace, type FullPlace } from './helpers/faults.js';
import { readReport } from './helpers/report.js';

let server: DnsTestServer;
let list: string;

beforeAll(async () => {
  const domains = Array.from({ length: 40 }, (_, i) => `kwiga-cache-${i}.com`);
  server = await startDnsServer(Object.fromEntries(domains.map((d) => [d, { MX: [[10, `mx.${d}`]] as Array<[number, string]> }])));
  list = join(tempDir('kwiga-cache-list-'), 'contacts.csv');
  writeFileSync(list, `Email\n${domains.map((d, i) => `user${i}@${d}`).join('\n')}\n`);
});
afterAll(async () => server.close());

describe('refused before any lookup', () => {
  it.each([
    ['a folder that does not exist', (dir: string) => join(dir, 'missing', 'cache.json'), /its folder .*missing does not exist/],
    ['a "folder" that is a file', (dir: string) => join(dir, 'file.txt', 'cache.json'), /file\.txt (is not a folder|cannot be used \(ENOTDIR\))/],
  ])('%s: exit 2, one line, nothing asked, nothing written', async (_what, cachePath, message) => {
    const dir = tempDir('kwiga-cache-');
    writeFileSync(join(dir, 'file.txt'), 'x');
    const before = server.count();
    const out = join(dir, 'out');
    const result = await runCli([list, '--dns-server', server.address, '--dns-cache', cachePath(dir), '-q', '-o', out]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/internal error/);
    expect(server.count()).toBe(before);
    expect(existsSync(out)).toBe(false);
  });
});

it('--cache (the new name) is checked the same way', async () => {
  const dir = tempDir('kwiga-cache-');
  const before = server.count();
  const result = await runCli([list, '--dns-server', server.address, '--cache', join(dir, 'missing', 'cache.json'), '-q', '-o', join(dir, 'out')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^kwiga-validate: The cache file .*cache\.json cannot be saved: its folder .*missing does not exist\./);
  expect(server.count()).toBe(before);
});

/** Places where the cache cannot be saved at the end although its folder was writable at the start. */
const KINDS: Array<'tmpfs' | 'taken'> = CAN_MOUNT ? ['tmpfs', 'taken'] : ['taken'];

describe.each(KINDS)('saving the cache fails at the end (%s)', (kind) => {
  let place: FullPlace | undefined;
  afterAll(() => place?.release());

  it('keeps the results, warns once, and leaves no temporary file', async () => {
    const out = join(tempDir('kwiga-cache-out-'), 'out');
    let cache: string;
    let wrap: string[] | undefined;
    if (kind === 'tmpfs') {
      place = fullPlace('tmpfs');
      // Fill the 64 KiB file system: the folder is writable at the start, full at the end.
      writeFileSync(join(place.dir, 'filler'), Buffer.alloc(64 * 1024 - 4096));
      cache = join(place.dir, 'cache.json');
      while (true) {
        try {
          writeFileSync(join(place.dir, `more-${Math.random()}`), Buffer.alloc(1024));
        } catch {
          break;
        }
      }
    } else {
      // The temporary name the cache is written under is taken by a folder (`exec` keeps the pid).
      cache = join(tempDir('kwiga-cache-'), 'cache.json');
      wrap = ['sh', '-c', 'mkdir -p "$CACHE.$$.tmp/x" && exec "$@"', 'sh'];
    }
    const result = await runCli([list, '--dns-server', server.address, '--dns-cache', cache, '-q', '-o', out], {
      ...(wrap ? { wrap } : {}),
      env: { CACHE: cache },
    });
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kwiga-validate: warning: The cache file .*cache\.json could not be saved \((ENOSPC|EISDIR)\); the results are written/);
    const report = readReport(out);
    expect(report.dns).toMatchObject({ status: 'ok', domains: 40 });
    expect(report.totals.clean).toBe(40);
    expect(existsSync(cache)).toBe(false);
  });
});
