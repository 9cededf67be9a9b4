#!/usr/bin/env node
/**
 * Compares our typo suggestions with the `mailcheck` package (default lists) on the public typo
 * corpora in test/corpora/typos (see its README). Plain node; needs the built checks:
 *   npx tsc -p tsconfig.build.json && node bench/typos-vs-mailcheck.mjs
 * (TYPO_MODULE=/path/to/typo.js points at another build.)
 *
 * For each corpus it prints the cases, the right suggestions (ours / mailcheck) and the wrong ones
 * (a suggestion other than the corpus's answer, including one where the corpus expects none).
 * Cases we decide differently on purpose are listed in docs/typos.md and marked here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = resolve(here, '../test/corpora/typos');
const typoModule = process.env.TYPO_MODULE ?? resolve(here, '../dist/checks/typo.js');
const { checkTypo } = await import(pathToFileURL(typoModule).href);
const Mailcheck = createRequire(import.meta.url)('mailcheck');

/** Corpus cases we answer differently on purpose (reason in docs/typos.md). Key: corpus|input|maxDistance */
const DELIBERATE = new Set([
  'mailcheck|test@emaildomain.co|2', // .co is a real TLD and emaildomain.com is not a popular domain
  'email-spell-checker|test@emaildomain.co|2',
  'mailcheck|test@mail.randomsmallcompany.cmo|2', // the corpus documents a mailcheck limitation; .cmo is no TLD
  'email-misspelled|test@gmial.com|1', // a swapped pair is one slip for us (Damerau), two for email-misspelled
]);

function load(name) {
  return JSON.parse(readFileSync(resolve(corpusDir, name), 'utf8'));
}

/** The corpora as { input, expected, maxDistance } rows. */
function corpora() {
  const mc = load('mailcheck.json').suggest;
  const esc = load('email-spell-checker.json').suggest;
  const em = load('email-misspelled.json').cases;
  return {
    mailcheck: mc.map((c) => ({ input: c.input, expected: c.expected_domain, maxDistance: 2 })),
    'email-spell-checker': esc.map((c) => ({ input: c.input, expected: c.expected_domain, maxDistance: 2 })),
    'email-misspelled': em.map((c) => ({ input: c.input, expected: c.expected_suggestion, maxDistance: c.config.maxMisspelled })),
  };
}

/** Our suggestion: the pipeline trims, splits at the last @ and lowercases the domain first. */
function ours(input, maxDistance) {
  const s = input.trim();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const domain = s.slice(at + 1).toLowerCase();
  const f = checkTypo(s.slice(0, at), domain, domain, { maxDistance });
  return f?.code === 'possible_typo' ? f.args.suggestedDomain : null;
}

function theirs(input) {
  const r = Mailcheck.run({ email: input.trim() });
  return r ? r.domain : null;
}

let failed = false;
for (const [name, rows] of Object.entries(corpora())) {
  const score = { ours: { right: 0, wrong: 0, deliberate: 0 }, mailcheck: { right: 0, wrong: 0 } };
  const notes = [];
  for (const row of rows) {
    const a = ours(row.input, row.maxDistance);
    const b = theirs(row.input);
    const key = `${name}|${row.input}|${row.maxDistance}`;
    if (a !== null && a === row.expected) score.ours.right++;
    else if (a !== null) {
      if (DELIBERATE.has(key)) score.ours.deliberate++;
      else score.ours.wrong++;
      notes.push(`  ${DELIBERATE.has(key) ? 'differs (documented)' : 'WRONG'}: ${JSON.stringify(row.input)} max ${row.maxDistance}: ours ${a}, corpus ${row.expected}`);
    } else if (row.expected !== null) {
      notes.push(`  ${DELIBERATE.has(key) ? 'differs (documented)' : 'missed'}: ${JSON.stringify(row.input)} max ${row.maxDistance}: corpus ${row.expected}`);
    }
    if (b !== null && b === row.expected) score.mailcheck.right++;
    else if (b !== null) score.mailcheck.wrong++;
  }
  console.log(
    `${name}: ${rows.length} cases; right ours ${score.ours.right} / mailcheck ${score.mailcheck.right}; ` +
      `wrong ours ${score.ours.wrong} / mailcheck ${score.mailcheck.wrong}; documented differences ${score.ours.deliberate}`,
  );
  for (const n of notes) console.log(n);
  if (score.ours.right < score.mailcheck.right || score.ours.wrong > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
