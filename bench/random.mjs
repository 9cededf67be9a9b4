// mulberry32: a small seeded PRNG with 32-bit state (exact in JS, unlike a float LCG), so the
// generated bench lists are the same on every machine.
export function mulberry32(seed) {
  return function rand() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
