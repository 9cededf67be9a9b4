// One child `node` run with the RSS hook (bench/rss-hook.mjs): wall time, peak RSS and CPU time.
// Async, so a server in the calling process (the DNS bench's) keeps answering meanwhile.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;

/** Runs `node ...args`; `rssFile` is where the hook leaves "peak-rss cpu-ms". Rejects on a non-zero exit. */
export function measureNode(args, rssFile) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(here, 'rss-hook.mjs'), ...args], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      const [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
      resolve({ ms, rss, cpu });
    });
  });
}
