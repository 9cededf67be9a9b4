/**
 * A set of strings stored as 64-bit fingerprints, each with a 32-bit value (a line number), in an
 * open-addressing hash table over typed arrays: 12 bytes a slot instead of ~80 bytes for a string
 * in a Map, and nothing for the garbage collector to trace. It is what lets duplicate detection on
 * millions of rows stay within a small, fixed memory budget.
 *
 * The two hashes are fed code unit by code unit, so a key can be hashed from its parts without
 * being built. Two different strings share a fingerprint with probability about n² / 2⁶⁵: for 10 million
 * addresses, about 3 in a million runs would see one false "duplicate". We accept that for
 * bounded memory; the detail names the earlier line, so a person can always check.
 */

const EMPTY_LO = 0;

/** The two 32-bit hashes of a key, fed code unit by code unit (so a key need not be built). */
class Hasher {
  /** FNV-1a state. */
  a = 0x811c9dc5;
  /** Murmur3-style state (another multiplier and seed: independent of FNV-1a). */
  b = 0x9747b28c;

  /** Feeds one UTF-16 code unit. */
  add(c: number): void {
    this.a = Math.imul(this.a ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    this.b ^= Math.imul(k, 0x1b873593);
    this.b = Math.imul((this.b << 13) | (this.b >>> 19), 5) + 0xe6546b64;
  }

  /** Feeds a string. */
  addString(s: string): void {
    for (let i = 0; i < s.length; i++) this.add(s.charCodeAt(i));
  }

  /** Resets for the next key. */
  reset(): this {
    this.a = 0x811c9dc5;
    this.b = 0x9747b28c;
    return this;
  }

  /** The high word. */
  hi(): number {
    return this.a >>> 0;
  }

  /** The low word (murmur finaliser); never 0, which marks an empty slot. */
  lo(length: number): number {
    let h = this.b ^ length;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const lo = (Math.imul(h, 0xc2b2ae35) ^ (h >>> 16)) >>> 0;
    return lo === 0 ? 1 : lo;
  }
}

const hasher = new Hasher();

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
    const h = hasher.reset();
    h.addString(key);
    return this.probe(h.hi(), h.lo(key.length), value);
  }

  /**
   * `getOrSet` for the key `lowercase(local) + "@" + domain` without building it (this runs once
   * per row). `domain` must already be lowercase.
   */
  getOrSetAddress(local: string, domain: string, value: number): number | undefined {
    const h = hasher.reset();
    for (let i = 0; i < local.length; i++) {
      let c = local.charCodeAt(i);
      if (c >= 128) return this.getOrSet(`${local.toLowerCase()}@${domain}`, value);
      if (c >= 65 && c <= 90) c += 32;
      h.add(c);
    }
    h.add(64);
    h.addString(domain);
    return this.probe(h.hi(), h.lo(local.length + 1 + domain.length), value);
  }

  private probe(hi: number, lo: number, value: number): number | undefined {
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
