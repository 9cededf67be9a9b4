/**
 * A set of fixed-size digests (MD5 16 bytes, SHA-1 20, SHA-256 32) for hashed suppression lists.
 *
 * Ten million SHA-256 entries as JS strings would cost ~1 GB and minutes of GC; here every digest is
 * stored as 32-bit words in one Uint32Array (4 words per MD5, 5 per SHA-1, 8 per SHA-256), indexed by
 * an open-addressing table (linear probing, load ≤ 0.7) whose slots are pairs [entry number + 1,
 * first word]: a probe compares the first word inside the table (sequential memory) and touches the
 * digest array only on a real candidate, one cache miss per lookup instead of one per probe. Memory is
 * `entries × (digest bytes + ~11 bytes)`. The digests are uniformly distributed, so their first word is
 * the table hash; slots are chosen by "fast range" (`word × capacity / 2³²`), so the capacity need not
 * be a power of two and stays close to `entries / 0.7`.
 */

/** Hash algorithms a list can be written in, named by digest length. */
export type HashAlgorithm = 'md5' | 'sha1' | 'sha256';

/** Digest length in hex characters for each algorithm. */
export const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64 };

/** Algorithm by hex length (the only thing that tells a hashed list's kind). */
export function algorithmForHexLength(len: number): HashAlgorithm | undefined {
  return len === 32 ? 'md5' : len === 40 ? 'sha1' : len === 64 ? 'sha256' : undefined;
}

/** Hex digit value by char code, -1 for anything else; built once at module load. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}
/** Byte value of a pair of hex chars (`hi << 8 | lo`), -1 when either is not hex: half the lookups. */
const PAIR = new Int16Array(65536).fill(-1);
for (let hi = 0; hi < 256; hi++) {
  for (let lo = 0; lo < 256; lo++) {
    if (HEX[hi]! >= 0 && HEX[lo]! >= 0) PAIR[(hi << 8) | lo] = (HEX[hi]! << 4) | HEX[lo]!;
  }
}

const MAX_LOAD = 0.7;

/** An open-addressing set of digests of one algorithm. */
export class HashStore {
  /** The algorithm of every digest in the store. */
  readonly algorithm: HashAlgorithm;
  /** 32-bit words per digest. */
  readonly words: number;
  private data: Uint32Array;
  private slots: Uint32Array;
  private count = 0;
  /** Scratch entry used while parsing one line, then compared/inserted. */
  private readonly scratch: Uint32Array;

  /** `expected` sizes the arrays up front (e.g. from the file size) so big lists never re-hash. */
  constructor(algorithm: HashAlgorithm, expected = 1024) {
    this.algorithm = algorithm;
    this.words = HEX_LENGTH[algorithm] / 8;
    const cap = Math.max(16, Math.ceil(expected));
    this.data = new Uint32Array(cap * this.words);
    this.slots = new Uint32Array(2 * (Math.ceil(cap / MAX_LOAD) + 1));
    this.scratch = new Uint32Array(this.words);
  }

  /** Number of distinct digests. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (for the benchmark and the report). */
  get byteLength(): number {
    return this.data.byteLength + this.slots.byteLength;
  }

  /**
   * Parse `HEX_LENGTH` hex characters at `buf[start]` and add them. Returns false when a character is
   * not hex (nothing is added). Works on raw bytes so a 10-million-line file makes no strings.
   */
  addHex(buf: Uint8Array, start: number): boolean {
    const w = this.scratch;
    let p = start;
    for (let i = 0; i < this.words; i++, p += 8) {
      const a = PAIR[(buf[p]! << 8) | buf[p + 1]!]!;
      const b = PAIR[(buf[p + 2]! << 8) | buf[p + 3]!]!;
      const c = PAIR[(buf[p + 4]! << 8) | buf[p + 5]!]!;
      const d = PAIR[(buf[p + 6]! << 8) | buf[p + 7]!]!;
      if ((a | b | c | d) < 0) return false;
      w[i] = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    }
    this.insert(w);
    return true;
  }

  /** Adds the digest written as hex in `text` (its whole length); false when it is not hex. */
  addHexString(text: string): boolean {
    const w = this.scratch;
    for (let i = 0, p = 0; i < this.words; i++, p += 8) {
      let word = 0;
      for (let k = 0; k < 8; k += 2) {
        const hi = text.charCodeAt(p + k);
        const lo = text.charCodeAt(p + k + 1);
        const pair = hi < 256 && lo < 256 ? PAIR[(hi << 8) | lo]! : -1;
        if (pair < 0) return false;
        word = (word << 8) | pair;
      }
      w[i] = word >>> 0;
    }
    this.insert(w);
    return true;
  }

  /** Is this digest (raw bytes, as `crypto.hash` returns) in the store? */
  has(digest: Uint8Array): boolean {
    const w = this.scratch;
    for (let i = 0, p = 0; i < this.words; i++, p += 4) {
      w[i] = ((digest[p]! << 24) | (digest[p + 1]! << 16) | (digest[p + 2]! << 8) | digest[p + 3]!) >>> 0;
    }
    return this.find(w) >= 0;
  }

  /** Give back over-allocated space once loading is done (only when less than half is used). */
  trim(): void {
    if (this.count * 2 >= this.data.length / this.words) return;
    this.data = this.data.slice(0, Math.max(1, this.count) * this.words);
    this.rehash(Math.max(16, this.count));
  }

  private slotOf(w0: number, cap: number): number {
    return Math.floor((w0 / 4294967296) * cap);
  }

  /** Slot holding an equal digest, or -(empty slot + 1). Slots are pairs [entry + 1, first word]. */
  private probe(w: Uint32Array): number {
    const slots = this.slots;
    const cap = slots.length >>> 1;
    const words = this.words;
    const data = this.data;
    const w0 = w[0]!;
    let s = this.slotOf(w0, cap);
    for (;;) {
      const e = slots[2 * s]!;
      if (e === 0) return -(s + 1);
      if (slots[2 * s + 1] === w0) {
        let base = (e - 1) * words + 1;
        let i = 1;
        while (i < words && data[base++] === w[i]) i++;
        if (i === words) return s;
      }
      s = s + 1 === cap ? 0 : s + 1;
    }
  }

  private find(w: Uint32Array): number {
    return this.probe(w);
  }

  private insert(w: Uint32Array): void {
    const at = this.probe(w);
    if (at >= 0) return; // duplicate line
    if ((this.count + 1) * this.words > this.data.length) {
      this.grow();
      this.insert(w);
      return;
    }
    this.data.set(w, this.count * this.words);
    this.slots[2 * (-at - 1)] = ++this.count;
    this.slots[2 * (-at - 1) + 1] = w[0]!;
  }

  private grow(): void {
    const bigger = new Uint32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
    this.rehash(bigger.length / this.words);
  }

  /** Rebuild the slot table for `capacity` entries. */
  private rehash(capacity: number): void {
    const cap = Math.ceil(capacity / MAX_LOAD) + 1;
    const slots = new Uint32Array(2 * cap);
    const words = this.words;
    for (let e = 0; e < this.count; e++) {
      const w0 = this.data[e * words]!;
      let s = this.slotOf(w0, cap);
      while (slots[2 * s] !== 0) s = s + 1 === cap ? 0 : s + 1;
      slots[2 * s] = e + 1;
      slots[2 * s + 1] = w0;
    }
    this.slots = slots;
  }
}
