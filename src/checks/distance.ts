/**
 * Weighted edit distance for domain typos: optimal string alignment (restricted Damerau–Levenshtein),
 * so a swapped pair of letters (`gmial`) is one mistake, not two; a substitution by a key that sits
 * next to the intended one on a QWERTY keyboard (`gnail`, `yajoo`) costs half, because that is the
 * most common slip of a finger. Insertions and deletions cost 1.
 *
 * Pure and allocation-free on the hot path: the three DP rows are module-level typed arrays.
 */

/** Cost of substituting a key by its keyboard neighbour. */
export const NEIGHBOUR_COST = 0.5;

/** Longest string compared; domains are at most 253 characters (RFC 1035 §2.3.4). */
const MAX_LEN = 256;

/** QWERTY rows, each offset about half a key from the row above (staggered layout). */
const ROWS = ['1234567890-', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** `ADJACENT[a * 128 + b]` is 1 when ASCII keys a and b touch on a QWERTY keyboard. */
const ADJACENT = new Uint8Array(128 * 128);

function link(a: string, b: string): void {
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  ADJACENT[x * 128 + y] = 1;
  ADJACENT[y * 128 + x] = 1;
}

// Same row: left/right neighbours. Next row down: the key below-left and below-right, which on a
// staggered keyboard are at column c-1 and c (e.g. `e` touches `s` and `d`).
for (let r = 0; r < ROWS.length; r++) {
  const row = ROWS[r] as string;
  const below = ROWS[r + 1];
  for (let c = 0; c < row.length; c++) {
    const key = row[c] as string;
    if (c + 1 < row.length) link(key, row[c + 1] as string);
    if (below !== undefined) {
      if (c - 1 >= 0 && c - 1 < below.length) link(key, below[c - 1] as string);
      if (c < below.length) link(key, below[c] as string);
    }
  }
}
// QWERTZ (German, Polish programmers' layouts in Central Europe) swaps y and z: treat them as neighbours.
link('y', 'z');

/** Whether two characters are neighbouring keys on a QWERTY keyboard. */
export function isNeighbourKey(a: number, b: number): boolean {
  return a < 128 && b < 128 && ADJACENT[a * 128 + b] === 1;
}

let prev2 = new Float64Array(MAX_LEN + 1);
let prev = new Float64Array(MAX_LEN + 1);
let cur = new Float64Array(MAX_LEN + 1);

/**
 * Weighted OSA distance between `a` and `b`, or `Infinity` when it is certainly above `limit`
 * (length difference alone, or a whole DP row above the limit), so callers can prune cheaply.
 */
export function typoDistance(a: string, b: string, limit = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return Infinity;
  if (n > MAX_LEN || m > MAX_LEN) return Infinity;
  if (n === 0) return m;
  if (m === 0) return n;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = cur[0] as number;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const sub = ca === cb ? 0 : isNeighbourKey(ca, cb) ? NEIGHBOUR_COST : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + sub);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && ca !== cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return Infinity;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[m] as number;
  return d > limit ? Infinity : d;
}

/** Whether `b` is `a` with exactly one pair of neighbouring characters swapped (`urk` → `ukr`). */
export function isSingleTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i + 1 >= a.length) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  for (let k = i + 2; k < a.length; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}
