/**
 * The Latin mailbox a Cyrillic (or partly Cyrillic) local part most likely means, at a provider that
 * only has Latin mailbox names. Two causes compete (issue 17):
 * - the keyboard layout was left on Ukrainian/Russian ЙЦУКЕН: `ефкфі` is `taras` typed on it;
 * - the person wrote their own name in Cyrillic: `тарас` is `taras` transliterated (translit.ts).
 * A third reading applies to a Cyrillic letter inside a Latin word (`irуna`): the Latin letter it
 * looks like (TR39 look-alike).
 *
 * Each run of Cyrillic letters (split at `.`, `_`, `-`, `+`, digits and script changes) gets each
 * reading; every combination is scored as "looks like a Latin mailbox name": letter pairs learnt from
 * Ukrainian/Russian names in Latin spelling (data/latin-names.ts), with vowels, no long consonant
 * runs, no tripled letters, and no stray punctuation (a layout flip can give `` ` [ ] ; ' , ``).
 * Nothing is suggested rather than nonsense: `undefined` when no combination is convincing, or when
 * the result would not pass the syntax check and the provider's certain rules itself.
 */
import { toQwerty } from './layout.js';
import { passesStrictRules } from './mailbox-rules.js';
import { transliterate } from './translit.js';
import { MIN_SCORE, wordScore } from './name-score.js';
import { checkSyntax } from '../address/syntax.js';

export { MIN_SCORE, wordScore };

/** How a run of Cyrillic letters was read. */
export type ReadingKind =
  /** the QWERTY key under each ЙЦУКЕН letter */
  | 'layout'
  /** KMU 2010 / ICAO 9303 transliteration */
  | 'translit'
  /** the Latin letter each Cyrillic letter looks like */
  | 'lookalike';

/** One converted run of the local part. */
export interface ReadingPart {
  /** The Cyrillic run as written. */
  from: string;
  /** Its Latin reading in the suggestion. */
  to: string;
  /** Which reading was chosen. */
  via: ReadingKind;
}

/** The chosen Latin reading of a local part. */
export interface LatinReading {
  /** The suggested local part (ASCII). */
  local: string;
  /** `layout` / `translit` / `lookalike` when every run was read the same way, else `mixed`. */
  via: ReadingKind | 'mixed';
  /** Each converted run, in order. */
  parts: ReadingPart[];
  /** Plausibility of the weakest converted word: mean log2 probability per letter pair (0 is best). */
  score: number;
}

const MAX_RUNS = 6;
const MEMO_LIMIT = 20_000;

/** TR39 look-alikes (Unicode confusables.txt) of Cyrillic letters that stand for one Latin letter. */
const LOOKALIKE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w', ѵ: 'v', ү: 'y', ь: 'b',
};
const UPPER_ONLY_LOOKALIKES = new Set(['в', 'к', 'м', 'н', 'т', 'ь']); // only their capitals look Latin


function isCyrillic(c: number): boolean {
  return c >= 0x400 && c <= 0x4ff;
}

function isLatinLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A run of Cyrillic letters and where it sits. */
interface Run {
  start: number;
  end: number;
  /** touches a Latin letter with no separator between */
  embedded: boolean;
}

function cyrillicRuns(local: string): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < local.length) {
    if (!isCyrillic(local.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < local.length && (isCyrillic(local.charCodeAt(i)) || isApostropheIn(local, i))) i++;
    const embedded = isLatinLetter(local.charCodeAt(start - 1)) || isLatinLetter(local.charCodeAt(i));
    runs.push({ start, end: i, embedded });
  }
  return runs;
}

/** An apostrophe between two Cyrillic letters belongs to the word (`мар'яна`). */
function isApostropheIn(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c === 39 || c === 0x2019 || c === 0x2bc) && isCyrillic(s.charCodeAt(i - 1)) && isCyrillic(s.charCodeAt(i + 1));
}

function lookalikeOf(run: string): string | undefined {
  let out = '';
  for (const ch of run) {
    const lower = ch.toLowerCase();
    const l = LOOKALIKE[lower];
    if (l === undefined || (lower === ch && UPPER_ONLY_LOOKALIKES.has(lower))) return undefined;
    out += lower === ch ? l : l.toUpperCase();
  }
  return out;
}

/** A reading with what can be judged about it alone, computed once per run. */
interface ScoredPart extends ReadingPart {
  /** weakest word score of `to` on its own (the run's score when no Latin letter touches it) */
  score: number;
  /** `to` has no stray punctuation */
  plain: boolean;
}

const readingMemo = new Map<string, ScoredPart[]>();
const scoreMemo = new Map<string, number>();

/** The candidate readings of one run, memoised per run: names repeat across a list. */
function readingsOf(run: string, embedded: boolean): ScoredPart[] {
  const key = embedded ? `+${run}` : run;
  let r = readingMemo.get(key);
  if (r === undefined) {
    r = computeReadings(run, embedded);
    if (readingMemo.size >= MEMO_LIMIT) readingMemo.clear();
    readingMemo.set(key, r);
  }
  return r;
}

/** {@link wordScore}, memoised per word. */
function cachedScore(word: string): number {
  let v = scoreMemo.get(word);
  if (v === undefined) {
    v = wordScore(word);
    if (scoreMemo.size >= MEMO_LIMIT) scoreMemo.clear();
    scoreMemo.set(word, v);
  }
  return v;
}

function computeReadings(run: string, embedded: boolean): ScoredPart[] {
  const look = embedded ? lookalikeOf(run) : undefined;
  const scored = (to: string, via: ReadingKind): ScoredPart => ({ from: run, to, via, score: textScore(to), plain: plainMailbox(to) });
  // A look-alike letter inside a Latin word is a look-alike, not a layout or a name.
  if (look !== undefined) return [scored(look, 'lookalike')];
  return [scored(transliterate(run).toLowerCase(), 'translit'), scored(toQwerty(run).toLowerCase(), 'layout')];
}

/** The weakest score among the letter runs of a text. */
function textScore(text: string): number {
  return weakestWord(text.toLowerCase(), () => true);
}

/** The weakest score among the Latin letter runs of `s` (lower case) that `counts(start, end)` keeps. */
function weakestWord(s: string, counts: (start: number, end: number) => boolean): number {
  let worst = 0;
  let i = 0;
  while (i < s.length) {
    if (!isLatinLetter(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && isLatinLetter(s.charCodeAt(i))) i++;
    if (counts(start, i)) worst = Math.min(worst, cachedScore(s.slice(start, i)));
  }
  return worst;
}

/** A built candidate: the local part and the output ranges of its converted runs. */
interface Candidate {
  local: string;
  parts: ReadingPart[];
  ranges: number[]; // flat [start, end) pairs in `local`
}

function build(local: string, runs: readonly Run[], choice: readonly ReadingPart[]): Candidate {
  let out = '';
  let at = 0;
  const ranges: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    out += local.slice(at, run.start);
    ranges.push(out.length);
    out += choice[i]!.to;
    ranges.push(out.length);
    at = run.end;
  }
  out += local.slice(at);
  return { local: out, parts: [...choice], ranges };
}

/** Letters, digits and `. _ - +` only: anything else is stray punctuation from a layout flip. */
function plainMailbox(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isLatinLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 43)) return false;
  }
  return true;
}

/** The weakest score among the words that contain converted letters. */
function candidateScore(c: Candidate): number {
  return weakestWord(c.local.toLowerCase(), (start, end) => overlaps(c.ranges, start, end));
}

function overlaps(ranges: readonly number[], start: number, end: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (ranges[k]! < end && ranges[k + 1]! > start) return true;
  return false;
}

/** Every combination of the runs' readings (at most 2^MAX_RUNS). */
function combinations(options: readonly ScoredPart[][]): ScoredPart[][] {
  if (options.length === 1) return options[0]!.map((o) => [o]);
  let out: ScoredPart[][] = [[]];
  for (const opts of options) out = out.flatMap((prefix) => opts.map((o) => [...prefix, o]));
  return out;
}

/** Score of a choice when no run touches a Latin letter: each run's words stand alone. */
function standaloneScore(choice: readonly ScoredPart[]): number {
  let worst = 0;
  for (const p of choice) {
    if (!p.plain) return -Infinity;
    if (p.score < worst) worst = p.score;
  }
  return worst;
}

function decide(local: string, asciiDomain: string): LatinReading | undefined {
  const runs = cyrillicRuns(local);
  if (runs.length === 0 || runs.length > MAX_RUNS) return undefined;
  const options = runs.map((r) => readingsOf(local.slice(r.start, r.end), r.embedded));
  const standalone = runs.every((r) => !r.embedded);
  let best: LatinReading | undefined;
  for (const choice of combinations(options)) {
    // The common case (runs between separators) is judged from per-run scores without building.
    if (standalone) {
      const s = standaloneScore(choice);
      if (s < MIN_SCORE || (best !== undefined && s <= best.score)) continue;
    }
    const c = build(local, runs, choice);
    if (!plainMailbox(c.local)) continue;
    const score = standalone ? standaloneScore(choice) : candidateScore(c);
    if (score < MIN_SCORE || (best !== undefined && score <= best.score)) continue;
    if (!checkSyntax(`${c.local}@${asciiDomain}`).ok || !passesStrictRules(c.local, asciiDomain)) continue;
    const via = choice.every((p) => p.via === choice[0]!.via) ? choice[0]!.via : 'mixed';
    best = { local: c.local, via, parts: choice.map(({ from, to, via: v }) => ({ from, to, via: v })), score };
  }
  return best;
}

/**
 * The Latin mailbox `local` most likely stands for at `asciiDomain` (lowercase ASCII), or undefined
 * when the local part has no Cyrillic letter or no reading is convincing. The readings of each
 * Cyrillic run and the score of each word are memoised (names repeat across a list); whole local
 * parts are not, since digits make most of them unique.
 */
export function latinReading(local: string, asciiDomain: string): LatinReading | undefined {
  return decide(local, asciiDomain);
}
