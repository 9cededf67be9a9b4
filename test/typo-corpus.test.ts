/**
 * Typo suggestions on the public corpora in test/corpora/typos (mailcheck, email-spell-checker,
 * email-misspelled), scored the same way as bench/typos-vs-mailcheck.mjs. The cases we decide
 * differently on purpose are listed here and in docs/typos.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTypo } from '../src/checks/typo.js';

const DIR = resolve(import.meta.dirname, 'corpora', 'typos');

interface Row { input: string; expected: string | null; maxDistance: number }

function load(name: string): unknown {
  return JSON.parse(readFileSync(resolve(DIR, name), 'utf8'));
}

function rows(name: string): Row[] {
  if (name === 'email-misspelled') {
    const { cases } = load('email-misspelled.json') as { cases: { input: string; expected_suggestion: string | null; config: { maxMisspelled: number } }[] };
    return cases.map((c) => ({ input: c.input, expected: c.expected_suggestion, maxDistance: c.config.maxMisspelled }));
  }
  const { suggest } = load(`${name}.json`) as { suggest: { input: string; expected_domain: string | null }[] };
  return suggest.map((c) => ({ input: c.input, expected: c.expected_domain, maxDistance: 2 }));
}

/** As the pipeline would: trim, split at the last @, lowercase the domain. */
function ours(input: string, maxDistance: number): string | null {
  const s = input.trim();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const domain = s.slice(at + 1).toLowerCase();
  const f = checkTypo(s.slice(0, at), domain, domain, { maxDistance });
  return f?.why === 'typo.domain' ? String(f.args.suggestedDomain) : null;
}

/** Deliberate differences: [corpus, input, maxDistance, our answer]. Reasons in docs/typos.md. */
const DELIBERATE: [string, string, number, string | null][] = [
  ['mailcheck', 'test@emaildomain.co', 2, null],
  ['email-spell-checker', 'test@emaildomain.co', 2, null],
  ['mailcheck', 'test@mail.randomsmallcompany.cmo', 2, 'mail.randomsmallcompany.com'],
  ['email-misspelled', 'test@gmial.com', 1, 'gmail.com'],
  ['email-misspelled', 'test@outlook.', 3, null],
];

/** Counts asserted: right suggestions, wrong ones (excluding DELIBERATE); mailcheck's right count from the bench. */
const EXPECTED = {
  mailcheck: { cases: 28, right: 15, wrong: 0, mailcheckRight: 13 },
  'email-spell-checker': { cases: 8, right: 6, wrong: 0, mailcheckRight: 5 },
  'email-misspelled': { cases: 30, right: 13, wrong: 0, mailcheckRight: 11 },
} as const;

describe('typo corpora', () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    describe(name, () => {
      const list = rows(name);
      const deliberate = DELIBERATE.filter((d) => d[0] === name);
      const isDeliberate = (r: Row) => deliberate.some((d) => d[1] === r.input && d[2] === r.maxDistance);

      it.each(list.filter((r) => !isDeliberate(r)).map((r) => [r.input, r.maxDistance, r.expected] as const))(
        '%j (max %d) → %s', (input, max, expected) => {
          expect(ours(input, max)).toBe(expected);
        });

      it.each(deliberate.map((d) => [d[1], d[2], d[3]] as const))('deliberately: %j (max %d) → %s', (input, max, answer) => {
        expect(ours(input, max)).toBe(answer);
      });

      it(`scores ${want.right} right, ${want.wrong} wrong (mailcheck: ${want.mailcheckRight} right)`, () => {
        expect(list.length).toBe(want.cases);
        let right = 0;
        let wrong = 0;
        for (const r of list) {
          const a = ours(r.input, r.maxDistance);
          if (a !== null && a === r.expected) right++;
          else if (a !== null && !isDeliberate(r)) wrong++;
        }
        expect({ right, wrong }).toEqual({ right: want.right, wrong: want.wrong });
        expect(right).toBeGreaterThanOrEqual(want.mailcheckRight);
      });
    });
  }
});
