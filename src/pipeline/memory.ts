/**
 * V8 lets the old generation grow to several times the live data before it collects, which on a
 * streaming run of millions of rows means hundreds of MB of dead rows sitting in memory (live data
 * measured at ~30 MB for 1M rows, peak RSS ~270 MB without this). A full collection every so many
 * rows keeps the peak near the live size for ~10 ms each time.
 *
 * Reaching `gc` means setting a V8 flag for the whole process, which a library must not do to its
 * host: only the CLI turns it on (`enableGarbageCollection`, at start-up); for library callers
 * `collectGarbage` does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;
/** Whether the CLI owns this process (then V8 may be tuned for the run). */
let ownProcess = false;
let tunedForWorkbook = false;

/** Rows between two full collections. */
export const ROWS_PER_COLLECTION = 50_000;

/** DNS chains finished between two full collections while rows wait for answers. */
export const LOOKUPS_PER_COLLECTION = 2_000;

/**
 * Makes `collectGarbage` work, the documented way Node allows at run time (the `--expose-gc`
 * flag, then the function from a fresh context). For the CLI process only.
 */
export function enableGarbageCollection(): void {
  ownProcess = true;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = undefined;
  }
}

/** Runs a full garbage collection when the CLI enabled it; nothing otherwise. */
export function collectGarbage(): void {
  collect?.();
}

/**
 * Before a workbook is parsed, in the CLI's process only: no allocation-site pretenuring. exceljs
 * keeps each piece's parse events and rows alive until they are used, and V8, seeing them survive,
 * starts allocating them straight into old space, where only a full collection frees them.
 * Without pretenuring they die young: on bench/xlsx-bench.mjs's 200,000 rows the peak fell from
 * 196-244 MiB to 185-192 MiB at the same CPU time. On a CSV run it saved nothing and cost time,
 * so it is set only for workbooks. V8 reads the flag at every collection, so setting it at run
 * time works (measured: the same peak as `node --no-allocation-site-pretenuring`); but a site it
 * already chose to pretenure stays so, and the 200 rows kept while the sheet is sampled survive
 * long enough for it to choose. So it is set before the workbook is opened (with it set only
 * after opening, one bench run in five once peaked at 350 MiB).
 */
export function tuneForWorkbook(): void {
  if (!ownProcess || tunedForWorkbook) return;
  tunedForWorkbook = true;
  try {
    setFlagsFromString('--no-allocation-site-pretenuring');
  } catch {
    // A V8 without the flag: nothing to tune.
  }
}
