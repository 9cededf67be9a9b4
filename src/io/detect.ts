import { parseCsv, type CsvRecord } from './csv-parser.js';

/** Delimiters we detect, in order of preference on a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A loose "looks like an address" test for sniffing only (verdicts come from syntax.ts). */
const LOOKS_LIKE_EMAIL = /[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]{2,}/u;

/** Whether a cell looks like it holds an address (sniffing only). */
export function looksLikeEmail(cell: string): boolean {
  return cell.includes('@') && LOOKS_LIKE_EMAIL.test(cell);
}

/**
 * Picks the delimiter whose field count is the most consistent (and above one) over the sample's
 * records. Quoted fields are respected because each candidate is tried with the real tokenizer.
 * `complete`: the sample is the whole input, so its last line is not cut.
 */
export function detectDelimiter(sample: string, complete = false): string {
  const text = complete ? sample : cutToLastLine(sample);
  let best: string = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const all = parseCsv(text, delimiter).slice(0, 50);
    const records = all.filter((r) => !r.problem);
    const width = agreedWidth(records);
    if (!width) continue;
    // Unreadable records count against a delimiter: under the wrong one, a quoted field is
    // followed by text (`"a";b` read with `,`), under the right one it is not.
    let score = (width.count / all.length) * 1000 + Math.min(width.fields, 100);
    // Ties (small files) are broken by signs worth less than one field of width: a quote left
    // inside a field (the delimiter cut a quoted field in two: `Name, first|"Email"` read with
    // `,`), a last field left empty (`a@x.com<tab>;` read with `;`), and a header cell that
    // names the address column whole (`Email`, not `first<tab>Email`).
    let quoted = 0;
    let emptyLast = 0;
    for (const r of records) {
      if (r.fields.some((f) => f.includes('"'))) quoted++;
      if (r.fields.at(-1) === '') emptyLast++;
    }
    let named = 0;
    for (const cell of records[0]!.fields) named = Math.max(named, headerScore(cell));
    score += -(quoted / records.length) * 0.3 - (emptyLast / records.length) * 0.2 + named / 250;
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/**
 * The width most records have (undefined when that is one field: the delimiter splits nothing),
 * and how many records agree with it, where a record wider only by empty fields (a trailing
 * delimiter, which the reader accepts) agrees too.
 */
function agreedWidth(records: CsvRecord[]): { fields: number; count: number } | undefined {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let mode = 1;
  let modeCount = 0;
  for (const [fields, count] of counts) {
    if (count > modeCount || (count === modeCount && fields > mode)) [mode, modeCount] = [fields, count];
  }
  if (mode < 2) return undefined;
  let best: { fields: number; count: number } = { fields: mode, count: 0 };
  for (const fields of counts.keys()) {
    if (fields < 2) continue;
    let count = 0;
    for (const r of records) if (r.fields.length === fields || (r.fields.length > fields && emptyFrom(r.fields, fields))) count++;
    if (count > best.count || (count === best.count && fields > best.fields)) best = { fields, count };
  }
  return best;
}

function emptyFrom(fields: string[], from: number): boolean {
  for (let i = from; i < fields.length; i++) if (fields[i] !== '') return false;
  return true;
}

/** Drops a last line that may be cut in the middle (the sample is a prefix of the file). */
export function cutToLastLine(sample: string): string {
  const lastBreak = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  return lastBreak > 0 ? sample.slice(0, lastBreak + 1) : sample;
}

/** Folds a header cell for matching: lowercase, no accents, separators as single spaces. */
export function foldHeader(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-_:.·/]+/g, ' ')
    .trim();
}

/**
 * Header names of the address column in SPEC's languages, folded. Exact matches win over the
 * word-based rule below.
 */
const EXACT_NAMES = new Set(
  [
    'Email', 'E-mail', 'Email Address', 'E-mail Address', 'Email Addresses', 'E-mail 1 - Value', 'Mail',
    'EmailAddress', 'Email_Address', 'Primary Email', 'Contact Email', 'User Email', 'Subscriber Email',
    'Електронна пошта', 'Електронна адреса', 'Ел. пошта', 'Пошта', 'Адреса електронної пошти',
    'Эл. почта', 'Электронная почта', 'Почта', 'Адрес электронной почты', 'Е-mail',
    'Indirizzo email', 'Indirizzo e-mail', 'Posta elettronica',
    'E-Mail-Adresse', 'E-Mail Adresse', 'Emailadresse', 'E-Mail',
    'Correo electrónico', 'Correo', 'Dirección de correo electrónico', 'Dirección de correo',
    'Adres e-mail', 'Adres email', 'E-mail adres', 'Poczta',
    'Courriel', 'Adresse e-mail', 'Adresse email', 'Adresse électronique', 'Mél',
  ].map(foldHeader),
);

/** Words that name an address column when they appear in a header. */
const MAIL_WORDS = /(^| )(e ?mail|email|mail|courriel|correo|poczta|почта|пошта)( |$)/u;
/** Words that make a mail-ish header something else (its type, label, display name, status…). */
const NOT_ADDRESS = /(type|typ|label|display|angezeigter|name|status|opt|consent|verified|format|permission|sent|date|count|domain|тип)/u;

/** How strongly a header cell names the address column (0: not at all). */
export function headerScore(cell: string): number {
  const folded = foldHeader(cell);
  if (folded === '') return 0;
  if (EXACT_NAMES.has(folded)) return 100;
  if (!MAIL_WORDS.test(folded) || NOT_ADDRESS.test(folded)) return 0;
  // "E-mail 2 Address", "E-Mail 3: Adresse": a secondary address column.
  return /\b[2-9]\b/.test(folded) ? 40 : 60;
}

/** The result of looking at the first records. */
export interface LayoutGuess {
  /** Whether the first record after the preamble is a header. */
  hasHeader: boolean;
  /** 0-based index of the address column, or -1 when none was found. */
  emailColumn: number;
  /**
   * Line of the header, or of the first data row without one. Records on earlier lines are a
   * preamble (a title line, Excel's `sep=;`), not contacts.
   */
  firstLine: number;
}

/** Share of sampled data rows whose cell in each column looks like an address. */
function emailShare(records: CsvRecord[], columns: number): number[] {
  const hits = new Array<number>(columns).fill(0);
  for (const r of records) {
    for (let c = 0; c < columns && c < r.fields.length; c++) if (looksLikeEmail(r.fields[c]!)) hits[c]!++;
  }
  return hits.map((h) => (records.length ? h / records.length : 0));
}

/** Non-empty cells of a record. */
function filled(record: CsvRecord): number {
  let n = 0;
  for (const f of record.fields) if (f.trim() !== '') n++;
  return n;
}

/**
 * How many leading records are a preamble: a title line ("Students of course X", padded or not)
 * or a blank-ish line above the header. The header is the first of the first 10 records that names
 * the address column (and holds no address) with at least two filled cells (a title mentioning
 * "email" has one); what comes before it is preamble. Without such a header nothing is skipped:
 * in a file without a header a short first row may be a contact, and a contact must land in an
 * output.
 */
function preambleLength(good: CsvRecord[]): number {
  const head = good.slice(0, 10);
  const wide = head.some((r) => filled(r) >= 2);
  const header = head.findIndex(
    (r) => r.fields.some((f) => headerScore(f) >= 60) && !r.fields.some(looksLikeEmail) && (filled(r) >= 2 || !wide),
  );
  if (header > 0) return head.slice(0, header).every((r) => !r.fields.some(looksLikeEmail) && filled(r) <= 1) ? header : 0;
  if (header === 0) return 0;
  // No named header: lines without a single delimiter above a wide first row with no address
  // ("Report" / "Exported 2024-01-01" / "Name,Contact,…") are titles. A padded row (`Olena,,`)
  // has delimiters and is never taken for one.
  let lead = 0;
  while (lead < Math.min(5, good.length - 1) && good[lead]!.fields.length === 1 && !looksLikeEmail(good[lead]!.fields[0]!)) lead++;
  const next = good[lead];
  if (lead === 0 || !next || filled(next) < 2 || next.fields.some((f) => f.includes('@'))) return 0;
  return lead;
}

/**
 * Decides where the table starts, whether its first record is a header and which column holds the
 * address. A first row with an address (or an `@`) in it is data. Otherwise it is a header when
 * any of its cells names an address column; when the types of its cells differ from the rows
 * below (a "Phone" over phone numbers), Python's `csv.Sniffer.has_header` rule; or, failing
 * both, when it has no address where the rows below have them.
 */
export function detectLayout(records: CsvRecord[], forcedColumn?: string | number): LayoutGuess {
  const all = records.filter((r) => !r.problem);
  const skip = preambleLength(all);
  const good = all.slice(skip);
  const first = good[0];
  if (!first) return { hasHeader: false, emailColumn: -1, firstLine: 1 };
  const firstLine = first.line;
  const rest = good.slice(1);
  const columns = Math.max(...good.map((r) => r.fields.length));
  const share = emailShare(rest, columns);
  const scores = first.fields.map(headerScore);
  const named = scores.some((s) => s > 0);
  // A row that names the address column is a header even if another cell mentions an `@`
  // ("Telegram (e.g. @olena)"); otherwise an address, an `@`, an address that lost its `@`, or an
  // empty address cell above rows that have addresses make the first row a contact.
  const firstIsData =
    first.fields.some(looksLikeEmail) ||
    (!scores.some((s) => s >= 60) &&
      (first.fields.some((f) => f.includes('@') || looksLikeLostAt(f)) || emptyWhereAddressesAre(first, rest)));
  const types = typeVotes(first, rest);
  const hasHeader =
    !firstIsData && (named || types > 0 || (types === 0 && (share.some((s) => s > 0) || rest.length === 0)));

  if (forcedColumn !== undefined) {
    return { hasHeader, emailColumn: resolveForced(forcedColumn, hasHeader ? first.fields : undefined), firstLine };
  }
  if (hasHeader && named) {
    // Best-named column that holds addresses in the sample; if none does, the best-named one.
    const order = scores
      .map((score, index) => ({ score, index }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index);
    const withData = order.find((s) => (share[s.index] ?? 0) > 0);
    const contentBest = argmax(share);
    if (withData) return { hasHeader, emailColumn: withData.index, firstLine };
    if (contentBest >= 0 && (share[contentBest] ?? 0) >= 0.5) return { hasHeader, emailColumn: contentBest, firstLine };
    return { hasHeader, emailColumn: order[0]!.index, firstLine };
  }
  const sampleShare = hasHeader ? share : emailShare(good, columns);
  const best = argmax(sampleShare);
  return { hasHeader, emailColumn: best >= 0 && (sampleShare[best] ?? 0) > 0 ? best : -1, firstLine };
}

/**
 * `Olena,,` above `Ivan,ivan@ukr.net,…`: the first row's cell is empty in the column where the rows
 * below have their addresses, so it is a contact without an address, not a header (a header would
 * name that column). Empty cells elsewhere (pandas' unnamed index column) say nothing.
 */
function emptyWhereAddressesAre(first: CsvRecord, rest: CsvRecord[]): boolean {
  if (rest.length === 0) return false;
  const share = emailShare(rest, Math.max(first.fields.length, ...rest.map((r) => r.fields.length)));
  const column = argmax(share);
  return column >= 0 && (share[column] ?? 0) >= 0.5 && (first.fields[column] ?? '').trim() === '';
}

/** `nadia.lysenko.gmail.com`: an address that lost its `@` is data, never a column name. */
function looksLikeLostAt(cell: string): boolean {
  return !/\s/.test(cell) && /^[^.]+\.[^.]+.*\.(com|net|org|ua|ru|it|de|pl|es|fr|uk)$/i.test(cell.trim());
}

const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;
/** Numbers, phone numbers and dates: values a header cell never is. */
const NUMERIC_LIKE = /^[+(]?\d[\d\s().\/:-]*$/;

/**
 * Python's `csv.Sniffer.has_header` rule, on numbers, phone numbers and dates: a column whose
 * cells below are all such values votes "header" when its first cell is not one, and "data" when
 * it is. `a,b,c` over `1,2,3` is a header; `Petro,,+380…` over more phone rows is data.
 * Positive: header; negative: data; zero: no evidence.
 */
function typeVotes(first: CsvRecord, rest: CsvRecord[]): number {
  let votes = 0;
  first.fields.forEach((cell, c) => {
    const below = rest.map((r) => r.fields[c] ?? '').filter((v) => v.trim() !== '');
    if (below.length === 0 || !below.every((v) => NUMBER.test(v) || NUMERIC_LIKE.test(v.trim()))) return;
    if (cell.trim() === '') return;
    votes += NUMBER.test(cell) || NUMERIC_LIKE.test(cell.trim()) ? -1 : 1;
  });
  return votes;
}

function argmax(values: number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}

/**
 * `--email-column`: a 1-based number, or a header name (exact first, then folded), or the name an
 * unnamed column gets in our outputs (`column_2`, reader.ts). Returns -1 when the name is not in
 * the header.
 */
export function resolveForced(column: string | number, header: string[] | undefined): number {
  if (typeof column === 'number') return column - 1;
  if (/^\d+$/.test(column) && !(header ?? []).includes(column)) return Number(column) - 1;
  const exact = header ? header.indexOf(column) : -1;
  if (exact >= 0) return exact;
  const folded = header ? header.map(foldHeader).indexOf(foldHeader(column)) : -1;
  if (folded >= 0) return folded;
  const unnamed = /^column[_ ]?(\d+)$/i.exec(column.trim());
  return unnamed && Number(unnamed[1]) > 0 ? Number(unnamed[1]) - 1 : -1;
}
