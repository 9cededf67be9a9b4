/**
 * Transliteration of Cyrillic names into Latin letters, for suggesting the Latin mailbox a person
 * meant when they typed their own name in Cyrillic (`тарас@gmail.com` → `taras@gmail.com`).
 *
 * Ukrainian: the official system of the Cabinet of Ministers of Ukraine, resolution No. 55 of
 * 27 January 2010 ("Про впорядкування транслітерації українського алфавіту латиницею"), used in
 * Ukrainian passports. Its position-dependent letters: Є, Ї, Й, Ю, Я are `ye yi y yu ya` at the
 * start of a word and `ie i i iu ia` elsewhere; `зг` is `zgh` (Згорани → Zghorany, to keep it apart
 * from `zh` = Ж); the soft sign and the apostrophe are not written.
 *
 * Russian-only letters (ы, э, ъ, ё): ICAO Doc 9303 (7th ed., 2015, Part 3, Section 6, Table for
 * Cyrillic), the system of Russian international passports since 2013 (FMS order No. 320 of
 * 15 October 2012): ё → e, ы → y, э → e, ъ → ie, and in a Russian word и → i, й → i, г → g,
 * ю → iu, я → ia (no start-of-word forms). A word with any of ы э ъ ё is read as Russian as a whole;
 * every other word as Ukrainian. Output is lower case: it is meant for a mailbox name.
 */

/** Which system a word was read with. */
export type TranslitSystem = 'uk_kmu_2010' | 'ru_icao_9303';

/** KMU 2010, letters outside the start of a word (and letters with one form). */
const UK: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i',
  ї: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
  // Letters KMU 2010 does not have, read as ICAO 9303 reads them (a word mixing both alphabets).
  ы: 'y', э: 'e', ъ: 'ie', ё: 'e',
};

/** KMU 2010 at the start of a word. */
const UK_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };

/** ICAO Doc 9303 for Russian; і ї є ґ (not Russian) fall back to KMU 2010. */
const RU: Record<string, string> = {
  ...UK,
  г: 'g', и: 'i', й: 'i', х: 'kh', ю: 'iu', я: 'ia', є: 'ie', ї: 'i',
  ё: 'e', ы: 'y', э: 'e', ъ: 'ie', ь: '',
};

/** Apostrophes written inside Ukrainian words (ASCII, U+2019, U+02BC modifier letter, U+02B9, backtick). */
const APOSTROPHES = new Set(["'", '\u2019', '\u02bc', '\u02b9', '`']);
const RUSSIAN_ONLY = new Set(['ы', 'э', 'ъ', 'ё']);

/** Whether `ch` (lower case) is a letter this module transliterates. */
export function isTranslitLetter(ch: string): boolean {
  return UK[ch] !== undefined;
}

/** The system a Cyrillic word (lower case) is read with. */
export function systemFor(word: string): TranslitSystem {
  for (const ch of word) if (RUSSIAN_ONLY.has(ch)) return 'ru_icao_9303';
  return 'uk_kmu_2010';
}

/**
 * Latin reading of one word (letters and in-word apostrophes; any case). Characters that are
 * neither a known Cyrillic letter nor an apostrophe are kept as written, lower-cased.
 */
export function transliterateWord(word: string): string {
  const lower = word.toLowerCase();
  const system = systemFor(lower);
  const table = system === 'ru_icao_9303' ? RU : UK;
  let out = '';
  let start = true;
  let prev = '';
  for (const ch of lower) {
    if (APOSTROPHES.has(ch)) continue; // dropped, and it does not start a new word
    let latin = table[ch];
    if (latin === undefined) {
      out += ch;
      start = true;
      prev = '';
      continue;
    }
    if (system === 'uk_kmu_2010') {
      if (start) latin = UK_INITIAL[ch] ?? latin;
      else if (ch === 'г' && prev === 'з') latin = 'gh'; // зг → zgh
    }
    out += latin;
    start = false;
    prev = ch;
  }
  return out;
}

/** Latin reading of a text: each run of Cyrillic letters (with in-word apostrophes) is a word. */
export function transliterate(text: string): string {
  let out = '';
  let word = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    if (UK[lower] !== undefined || (word !== '' && APOSTROPHES.has(ch))) word += ch;
    else {
      if (word !== '') out += transliterateWord(word);
      word = '';
      out += ch;
    }
  }
  if (word !== '') out += transliterateWord(word);
  return out;
}
