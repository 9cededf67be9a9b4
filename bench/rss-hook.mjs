// Loaded with `node --import` by the benchmark: reports the process's peak memory and the CPU time
// it used (user + system, all threads) on exit, as "<peak RSS bytes> <CPU ms>". CPU time is what
// the work costs; wall time also holds the waits for a core on a shared machine.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const usage = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS * 1024} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
});
