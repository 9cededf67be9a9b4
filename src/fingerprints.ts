/**
 * A set of strings stored as 64-bit fingerprints, each with a 32-bit value (a line number), in an
 * open-addressing hash table over typed arrays: 12 bytes a slot instead of ~80 bytes for a string
 * in a Map, and nothing for the garbage collector to trace. It is what lets duplicate detection on
 * millions of rows stay within a small, fixed memory budget.
 *
 * Two different strings share a fingerprint with probability about n² / 2⁶⁵: for 10 million
 * addresses, about 3 in a million runs would see one false "duplicate". We accept that for
 * bounded memory; the detail names the earlier line, so a person can always check.
 */

const EMPTY_LO = 0;

/** FNV-1a over UTF-16 code units (32 bits). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A murmur-style hash with another multiplier and seed, independent of FNV-1a (32 bits). */
function murmurish(s: string): number {
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (Math.imul(h, 0xc2b2ae35) ^ (h >>> 16)) >>> 0;
}

/** String → 32-bit value, by 64-bit fingerprint. */
export class FingerprintMap {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private values: Uint32Array;
  private mask: number;
  /** Entries stored. */
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  /**
   * Returns the value stored for `key`, or stores `value` and returns undefined when the key is
   * new: one probe sequence for the "seen before?" question every row asks.
   */
  getOrSet(key: string, value: number): number | undefined {
    const hi = fnv1a(key);
    let lo = murmurish(key);
    if (lo === EMPTY_LO) lo = 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const current = this.lo[slot]!;
      if (current === EMPTY_LO) break;
      if (current === lo && this.hi[slot] === hi) return this.values[slot];
      slot = (slot + 1) & this.mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.values[slot] = value;
    this.size++;
    if (this.size * 2 > this.mask) this.grow();
    return undefined;
  }

  private grow(): void {
    const { hi, lo, values } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < lo.length; i++) {
      const l = lo[i]!;
      if (l === EMPTY_LO) continue;
      const h = hi[i]!;
      let slot = (h ^ Math.imul(l, 0x9e3779b1)) & this.mask;
      while (this.lo[slot] !== EMPTY_LO) slot = (slot + 1) & this.mask;
      this.hi[slot] = h;
      this.lo[slot] = l;
      this.values[slot] = values[i]!;
    }
  }
}
