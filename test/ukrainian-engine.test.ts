/**
 * Issue 17, measured through the real engine: every address of test/corpora/ukrainian/addresses.json
 * as a row of its own offline `validateRows` run, scored per class against the recorded verdicts of
 * the engine before the wiring (before.json). Prints the before/after table; fails when fewer rows
 * are right than the level reached (every one of them), naming the wrong ones.
 *
 * Then further negatives: real addresses of classes the new checks could hurt (short names where
 * no rule is documented, underscores where they are allowed, Cyrillic where it is real, wrappers
 * the SPEC unwraps, look-alike-free IDN domains, names that only resemble reserved ones). They must
 * land in clean.csv, as written or normalized.
 */
import { describe, expect, it } from 'vitest';
import { validateRows } from '../src/index.js';
import { isRight, loadBefore, loadCorpus, score, verdict, type Verdict } from '../scripts/ukrainian-eval.mjs';

/** The level reached when the corpus was wired in: all 254 rows right. */
const RIGHT_AT_LEAST = 254;

describe('the Ukrainian corpus through validateRows', () => {
  it(`gets at least ${RIGHT_AT_LEAST} rows right, before/after per class printed`, async () => {
    const { entries } = loadCorpus();
    const now: Record<string, Verdict> = {};
    for (const e of entries) now[e.address] = await verdict(validateRows as never, e.address);
    const result = score(entries, loadBefore(), now);
    console.log(`Ukrainian corpus, right/wrong per class (before = main before issue 17's wiring):\n${result.table}`);
    const wrong = entries.filter((e) => !isRight(e, now[e.address]!)).map((e) => ({ address: e.address, expected: [e.bucket, e.suggestion], got: now[e.address] }));
    expect(result.totals.now, JSON.stringify(wrong, null, 1)).toBeGreaterThanOrEqual(RIGHT_AT_LEAST);
    // Nothing that was right before is wrong now.
    const before = loadBefore();
    expect(entries.filter((e) => isRight(e, before[e.address]!) && !isRight(e, now[e.address]!)).map((e) => e.address)).toEqual([]);
  }, 60_000);
});

/** [cell, what clean.csv holds]: real addresses the new checks must leave alone. */
const MORE_NEGATIVES: [string, string][] = [
  // Gmail: letters, digits, dots; case and +tags are free; dots do not count towards the 6 letters.
  ['Olena.Koval@Gmail.com', 'Olena.Koval@gmail.com'],
  ['olena.koval+kwiga.course@gmail.com', 'olena.koval+kwiga.course@gmail.com'],
  ['o.l.e.n.a.k@gmail.com', 'o.l.e.n.a.k@gmail.com'],
  ['ivan.petrenko1990@googlemail.com', 'ivan.petrenko1990@googlemail.com'],
  ['123456@gmail.com', '123456@gmail.com'],
  // Providers whose rules allow `_` and `-`, or whose rules are not documented (never flagged).
  ['ivan_petrenko@yahoo.com', 'ivan_petrenko@yahoo.com'],
  ['ivan-petrenko@yahoo.com', 'ivan-petrenko@yahoo.com'],
  ["o'connor@outlook.com", "o'connor@outlook.com"],
  ['ab@outlook.com', 'ab@outlook.com'],
  ['ivan-k@me.com', 'ivan-k@me.com'],
  ['ivan_k@mail.ru', 'ivan_k@mail.ru'],
  ['ab@ukr.net', 'ab@ukr.net'],
  ['ivan@i.ua', 'ivan@i.ua'],
  ['ivan.k@bigmir.net', 'ivan.k@bigmir.net'],
  ['ivan.petrenko@hotmail.co.uk', 'ivan.petrenko@hotmail.co.uk'],
  ['ivan.petrenko@yahoo.co.uk', 'ivan.petrenko@yahoo.co.uk'],
  // Real internationalized mailboxes (RFC 6531) at company and IDN domains, also in punycode.
  ['jürgen.müller@firma.de', 'jürgen.müller@firma.de'],
  ["мар'яна@школа.укр", "мар'яна@школа.укр"],
  ['ТАРАС.КОВАЛЬ@company.com.ua', 'ТАРАС.КОВАЛЬ@company.com.ua'],
  ['олена.коваль@company.com.ua', 'олена.коваль@company.com.ua'],
  ['ivan@xn--80a1acn3a.xn--j1amh', 'ivan@пошта.укр'],
  ['user@xn--mnchen-3ya.de', 'user@münchen.de'],
  ['ivan@мвс.gov.ua', 'ivan@мвс.gov.ua'],
  // Names that only resemble reserved ones, or a repeated ending.
  ['ivan@example-school.com.ua', 'ivan@example-school.com.ua'],
  ['ivan@examples.org', 'ivan@examples.org'],
  ['ivan@test.ua', 'ivan@test.ua'],
  ['ivan@testing.com', 'ivan@testing.com'],
  ['ivan@mail.com.ua', 'ivan@mail.com.ua'],
  ['ivan@net.ua', 'ivan@net.ua'],
  ['ivan.petrenko@outlook.com.br', 'ivan.petrenko@outlook.com.br'],
  // Wrappers the SPEC unwraps and slips fixed silently: clean, as the address alone.
  ['"Olena Koval" <olena.koval@gmail.com>', 'olena.koval@gmail.com'],
  ['Koval, Olena <olena.koval@gmail.com>', 'olena.koval@gmail.com'],
  ['mailto:olena.koval@gmail.com', 'olena.koval@gmail.com'],
  ['olena.koval@gmail.com;', 'olena.koval@gmail.com'],
  ['Тарас Коваль (taras.koval@gmail.com)', 'taras.koval@gmail.com'],
  ['taras.koval@gmail.com (Тарас)', 'taras.koval@gmail.com'],
  ['<taras.koval@ukr.net>.', 'taras.koval@ukr.net'],
];

describe('further negatives: real addresses stay clean', () => {
  it.each(MORE_NEGATIVES)('%s → clean as %s', async (cell, address) => {
    const got = await verdict(validateRows as never, cell);
    expect(got).toEqual({ bucket: 'clean', reason: null, suggestion: null, address });
  });
});
