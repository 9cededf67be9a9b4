/**
 * Finds a Chromium for the browser tests without system packages, in this order:
 * 1. `CHROME_PATH`, when set (it must point at an executable: a wrong path is an error, not a fallback);
 * 2. a system Chromium or Chrome, when one is installed;
 * 3. the `@sparticuz/chromium` devDependency, which ships a headless Chromium inside the npm package
 *    (brotli-compressed; nothing is downloaded at install time). It is unpacked once into
 *    `node_modules/.cache/kwiga-validate-chromium`, never into the temp directory, so a test run
 *    leaves nothing behind there.
 * When none can be found the caller fails with one clear line: the browser tests are never skipped.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** A browser to launch: its executable and the flags it needs. */
export interface FoundBrowser {
  /** Absolute path of the executable. */
  executablePath: string;
  /** Where it came from, for messages. */
  source: 'CHROME_PATH' | 'system' | '@sparticuz/chromium';
  /** Launch flags: no sandbox (tests may run as root), and none of Chromium's own network traffic. */
  args: string[];
}

/** Chromium's background connections are refused on a closed network: keep them off. */
const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
];

/** Names a system Chromium or Chrome goes by on Linux, macOS and Windows. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const SYSTEM_PATHS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A system browser on PATH or in its usual place. */
function systemBrowser(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      // Debian's /usr/bin/chromium-browser may be a stub asking to install a snap: prefer real files.
      if (isExecutable(candidate)) return candidate;
    }
  }
  return SYSTEM_PATHS.find(isExecutable);
}

/** Unpacks the packaged Chromium into a project-local cache (os.tmpdir() is where the package unpacks). */
async function packagedBrowser(): Promise<string | undefined> {
  let module: typeof import('@sparticuz/chromium');
  try {
    module = await import('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  const cache = resolve(import.meta.dirname, '../../node_modules/.cache/kwiga-validate-chromium');
  mkdirSync(cache, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  try {
    const path = await module.default.executablePath();
    return existsSync(path) ? path : undefined;
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** The browser to test with; throws one plain line when there is none. */
export async function findBrowser(): Promise<FoundBrowser> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which is not an executable file`);
    return { executablePath: fromEnv, source: 'CHROME_PATH', args: QUIET_ARGS };
  }
  const system = systemBrowser();
  if (system) return { executablePath: system, source: 'system', args: QUIET_ARGS };
  const packaged = await packagedBrowser();
  if (packaged) return { executablePath: packaged, source: '@sparticuz/chromium', args: [...QUIET_ARGS, '--no-zygote'] };
  throw new Error(
    'No browser for the report.html tests: set CHROME_PATH, install Chromium or Chrome, or run `npm ci` so the @sparticuz/chromium devDependency is there',
  );
}
