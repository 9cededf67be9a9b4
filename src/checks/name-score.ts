/**
 * "Does this look like a Latin name?" for the Latin reading of Cyrillic local parts
 * (latin-reading.ts): a letter-pair (bigram) model learnt from Latin spellings of Ukrainian and
 * Russian names and common mailbox words (data/latin-names.ts), plus the shape rules no name breaks
 * (a vowel, no tripled letter, no run of more than four consonants: `shch` is the longest).
 */
import { LATIN_NAME_TEXT } from './data/latin-names.js';

/** Weakest word score still taken as a name-like word; tuned on test/corpora/ukrainian, checked on held-out names. */
export const MIN_SCORE = -4.6;

// Letter-pair model: 26 letters plus word start/end (index 26), log2 probabilities.
const N = 27;
const LOGP = new Float64Array(N * N);
{
  const counts = new Float64Array(N * N);
  for (const word of LATIN_NAME_TEXT.split(/\s+/)) {
    if (word === '') continue;
    let prev = 26;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i) - 97;
      counts[prev * N + c]! += 1;
      prev = c;
    }
    counts[prev * N + 26]! += 1;
  }
  // Interpolated with the letter frequencies (Jelinek–Mercer, λ = 0.8): a pair unseen in a short
  // list is rare, not impossible, while pairs of rare letters (`fk`, `jq`) stay improbable.
  const unigram = new Float64Array(N);
  let total = 0;
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) (unigram[b]! += counts[a * N + b]!, (total += counts[a * N + b]!));
  const lambda = 0.8;
  for (let a = 0; a < N; a++) {
    let row = 0;
    for (let b = 0; b < N; b++) row += counts[a * N + b]!;
    for (let b = 0; b < N; b++) {
      const pair = row === 0 ? 0 : counts[a * N + b]! / row;
      const single = (unigram[b]! + 0.5) / (total + 0.5 * N);
      LOGP[a * N + b] = Math.log2(lambda * pair + (1 - lambda) * single);
    }
  }
}

const VOWEL = new Uint8Array(26);
for (const v of 'aeiouy') VOWEL[v.charCodeAt(0) - 97] = 1;

/** Score of one lower-case ASCII word (letters only): mean log2 pair probability (0 is best), or -Infinity. */
export function wordScore(word: string): number {
  if (word.length === 1) return 0; // an initial: nothing to judge
  let sum = 0;
  let prev = 26;
  let same = 1;
  let consonants = 0;
  let vowels = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c < 0 || c >= 26) return -Infinity;
    same = c === prev ? same + 1 : 1;
    if (same >= 3) return -Infinity; // `ooo`, `fff`: no name does that
    if (VOWEL[c]) {
      vowels++;
      consonants = 0;
    } else if (++consonants > 4) return -Infinity; // `shch` is the longest run names have
    sum += LOGP[prev * N + c]!;
    prev = c;
  }
  if (vowels === 0 && word.length >= 3) return -Infinity;
  sum += LOGP[prev * N + 26]!;
  return sum / (word.length + 1);
}
