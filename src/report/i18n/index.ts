/**
 * Every word the tool shows a person, one catalogue per language: report.html, the per-row
 * sentences of validation_detail (`messages`), run-level warnings and the terminal summary.
 * Adding a language is one set of files exporting a `Strings` object plus one line in `LANGUAGES`
 * below; the type makes a missing key a compile error, and test/i18n.test.ts checks that every
 * template only names the arguments its message carries.
 */
import type { Bucket, ReasonCode } from '../../model/findings.js';
import type { MessageKey, MessageValue, WarningKey } from '../../model/messages.js';
import type { SmtpStrings } from './smtp.js';
import { en } from './en.js';
import { formatCount, formatDecimal } from './format.js';
import { it } from './it.js';
import { uk } from './uk.js';

/** A language report.html can be written in (`--lang`). */
export type Lang = 'en' | 'uk' | 'it';

/** How one reason code reads in a language. */
export interface ReasonText {
  /** Short name ("Possible typo"). */
  title: string;
  /** What it means, in plain words, with no placeholders. */
  explain: string;
  /** What to do about it (file and column names stay in English: they are literal names). */
  advice: string;
}

/** Every string of report.html. `{name}` placeholders are filled by `fill` in messages.ts. */
export interface Strings {
  /** BCP 47 tag for `<html lang>` and for date formatting. */
  locale: string;
  /** Decimal separator (`3.4%` / `3,4%`). Thousands are always grouped with a space (ISO 80000-1). */
  decimal: '.' | ',';
  /** Page title. */
  title: string;
  /** Line under the title: `{file}`. */
  subtitle: string;
  /** `{date}` of the run. */
  checkedOn: string;
  /** Footer: `{tool}` and `{version}`. */
  madeWith: string;
  /** Section titles. */
  sections: {
    /** Health at a glance. */
    glance: string;
    /** Reasons and what to do. */
    reasons: string;
    /** Typo suggestions. */
    typos: string;
    /** Domains. */
    domains: string;
    /** Suppression lists. */
    suppression: string;
    /** DNS check. */
    dns: string;
    /** Input facts. */
    input: string;
    /** Example rows. */
    examples: string;
    /** --fail-on gates. */
    gates: string;
  };
  /** Bucket names and what each output file is for. */
  buckets: Record<Bucket, { label: string; meaning: string }>;
  /** "Rows checked". */
  rowsChecked: string;
  /** Health sentence: `{clean}` share ready to import. */
  verdict: string;
  /** Health chart title. */
  healthChart: string;
  /** Column headers. */
  th: {
    /** Reason. */
    reason: string;
    /** Rows. */
    rows: string;
    /** Share of all rows. */
    share: string;
    /** Goes to (bucket). */
    bucket: string;
    /** What it means and what to do. */
    whatToDo: string;
    /** Domain as written (typo). */
    written: string;
    /** Probably meant (typo). */
    meant: string;
    /** Domain. */
    domain: string;
    /** Suppression list file. */
    list: string;
    /** List format. */
    format: string;
    /** Entries in the list. */
    entries: string;
    /** Rows matched. */
    matched: string;
    /** Entries not understood. */
    notUnderstood: string;
    /** Input line. */
    line: string;
    /** Address. */
    address: string;
    /** Suggested fix. */
    suggestion: string;
    /** Gate. */
    gate: string;
    /** Limit. */
    limit: string;
    /** Actual share. */
    actual: string;
    /** Result. */
    result: string;
  };
  /** Shown when no row has a problem. */
  noProblems: string;
  /** Intro of the typo table. */
  typosIntro: string;
  /** Shown when no typo was found. */
  noTypos: string;
  /** Chart titles: domains by rows / by problems. */
  domainsByRows: string;
  /** … by rows not clean. */
  domainsByProblems: string;
  /** `{share}` of valid addresses at free providers, `{list}` the list's top free domains. */
  freeShare: string;
  /** No valid address at a free provider. */
  freeShareNone: string;
  /** Shown when no domain was seen. */
  noDomains: string;
  /** Shown when no suppression list was given. */
  noSuppression: string;
  /**
   * DNS status sentences; `{domains}`, `{lookups}`, `{errors}`; `stopped` (a resolver that went
   * silent mid-run): `{time}` of its last answer, `{answers}` (counted).
   */
  dns: Record<'ok' | 'offline' | 'unavailable' | 'stopped', string>;
  /** Input fact labels. */
  input: {
    /** File. */
    file: string;
    /** Encoding. */
    encoding: string;
    /** Delimiter. */
    delimiter: string;
    /** Address column. */
    column: string;
    /** Header row present. */
    header: string;
    /** Data rows. */
    rows: string;
    /** Blank lines skipped. */
    blankLines: string;
    /** Unreadable rows. */
    malformedRows: string;
    /** gzip-compressed. */
    gzip: string;
    /** Byte order mark. */
    bom: string;
    /** The sheet read from a workbook. */
    sheet: string;
    /** Run time. */
    duration: string;
  };
  /** Names of delimiters. */
  delimiters: Record<string, string>;
  /** Yes / no. */
  yes: string;
  /** No. */
  no: string;
  /** Intro of the example rows: masked / unmasked. */
  examplesMasked: string;
  /** Warning when addresses are shown in full. */
  examplesUnmasked: string;
  /** Gate names (`--fail-on-rejected` / `--fail-on-review`). */
  gateNames: Record<'rejected' | 'review', string>;
  /** Gate results. */
  gatePassed: string;
  /** Gate failed. */
  gateFailed: string;
  /** Unit for seconds (`12.3 s`). */
  seconds: string;
  /** Per reason code. */
  reasons: Record<ReasonCode, ReasonText>;
  /** Per-row sentences of validation_detail, by message key; `{name}` from the message's args. */
  messages: Record<MessageKey, string>;
  /** Added to a row's sentence when another address column holds the fix: `{column}`, `{suggestion}`. */
  otherColumn: string;
  /** Run-level warnings on the terminal, by key. */
  warnings: Record<WarningKey, string>;
  /** The SMTP part of report.html and of the summary (`--smtp`). */
  smtp: SmtpStrings;
  /** The terminal summary. */
  summary: SummaryStrings;
  /** What `kwiga-validate apply` and `--apply` print. */
  apply: ApplyStrings;
}

/**
 * Words of apply's summary. Counts follow a label (`clean 8`), so no noun needs a plural form;
 * `keep`, `fix`, `drop` and file names stay as they are: they are values a person types.
 */
export interface ApplyStrings {
  /** First line after the tool's name: `{dir}`. */
  heading: string;
  /** Labels of the three lines. */
  labels: { imported: string; leftOut: string; refused: string };
  /** After "imported": `{clean}`, `{kept}`, `{fixed}`. */
  importedDetail: string;
  /** Parts after "left out", each `{n}`; only those above zero are shown. */
  leftOut: { dropped: string; deleted: string; notSelected: string };
  /** After "refused": where to look. `{problems}` is the file name. */
  refusedDetail: string;
  /** What import.csv is for. */
  importFor: string;
  /** What apply-problems.csv holds. */
  problemsFor: string;
  /** Label of the line `--apply` adds to the run's summary. */
  autoLabel: string;
  /** That line: `{file}`, `{rows}` (a counted noun), `{fixed}`. */
  auto: string;
  /** Appended when some were refused: `{refused}`, `{problems}`. */
  autoRefused: string;
}

/**
 * A count with its noun, in every plural form the language needs (`Intl.PluralRules` categories:
 * English one/other, Ukrainian one/few/many/other, Italian one/other); `{n}` is the number.
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Words of the terminal summary (plain text; colours are added around them). */
export interface SummaryStrings {
  /** Second line: `{encoding}`, `{delimiter}` (a name from `delimiters`), `{column}`. */
  heading: string;
  /** Second line for a workbook: `{sheet}`, `{column}`. */
  headingSheet: string;
  /** Row labels of the totals. */
  buckets: Record<Bucket, string>;
  /** Label of the total. */
  rowsRead: string;
  /** Heading of the reasons list. */
  reasons: string;
  /** Shown instead of the reasons when every row is clean. */
  noProblems: string;
  /** Heading of the files list; the out dir follows. */
  filesIn: string;
  /** What report.html is for. */
  htmlFor: string;
  /** What report.json is for. */
  jsonFor: string;
  /** Labels of the facts at the end. */
  labels: { dns: string; freeMail: string; suppression: string; gates: string };
  /** DNS status words. */
  dnsStatus: Record<'ok' | 'offline' | 'unavailable', string>;
  /** After the status word: `{domains}`, `{lookups}`, `{errors}` (counted nouns). */
  dnsOk: string;
  /** `{domains}`. */
  dnsOffline: string;
  /** No counts. */
  dnsUnavailable: string;
  /** A resolver that went silent mid-run: `{time}` of its last answer, `{answers}` (counted). */
  dnsStopped: string;
  /** `{share}` of valid addresses at free providers; `{list}` the list's top free domains. */
  freeMail: string;
  /** No valid address at a free provider. */
  freeMailNone: string;
  /** No suppression list was given. */
  suppressionNone: string;
  /** One list: `{file}`, `{format}`, `{matched}`, `{entries}` (counted), `{detail}`. */
  suppressionList: string;
  /** Appended when some entries were not understood: `{count}`. */
  suppressionUnread: string;
  /** A gate that failed: `{actual}`, `{what}`, `{over}` (counted points). */
  gateFailed: string;
  /** A gate that passed: `{actual}`, `{what}`. */
  gatePassed: string;
  /** What a gate counts. */
  gateWhat: Record<'rejected' | 'review', string>;
  /** `{seconds}`. */
  done: string;
  /** `{rate}`. */
  speed: string;
  /** Counted nouns. */
  units: Record<'row' | 'domain' | 'lookup' | 'error' | 'entry' | 'probe' | 'session' | 'host' | 'point' | 'answer', Plural>;
}

export { formatCount, formatDecimal, formatPercent, formatTime, formatTrimmed, namedList, share } from './format.js';

/** Every language, by its `--lang` code. */
export const LANGUAGES: Readonly<Record<Lang, Strings>> = { en, uk, it };

/** The strings of a language (English when the code is unknown). */
export function stringsFor(lang: Lang): Strings {
  return LANGUAGES[lang] ?? en;
}

/** The tables a run wrote, by bucket (report.json's `outputs`). */
export type OutputNames = Record<Bucket, string>;

/**
 * The catalogue of `lang` for a run whose tables are `outputs`. The catalogues name the tables
 * literally, as CSVs (`open review.csv; …`), in every language; a run that wrote workbooks gets
 * the same words with its own file names (`open review.xlsx; …`).
 */
export function stringsForOutputs(lang: Lang, outputs: OutputNames): Strings {
  const strings = stringsFor(lang);
  const renames = BUCKET_NAMES.filter((b) => outputs[b] !== `${b}.csv`).map((b) => [`${b}.csv`, outputs[b]] as const);
  if (renames.length === 0) return strings;
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return renames.reduce((text, [from, to]) => text.replaceAll(from, to), value);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  return rename(strings) as Strings;
}

const BUCKET_NAMES: readonly Bucket[] = ['clean', 'review', 'rejected'];


/** Fills `{name}` placeholders from args; unknown names stay as they are (a test forbids them). */
export function fill(template: string, args: Readonly<Record<string, MessageValue>> | undefined): string {
  if (!args) return template;
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (Object.hasOwn(args, name) ? String(args[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * A template split at its placeholders: text, name, text, … Templates come from the catalogues (a
 * few hundred), and validation_detail fills one for every row sent to review or rejected, so each
 * is split once instead of running a replace with a callback per row.
 */
const TEMPLATE_PARTS = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = TEMPLATE_PARTS.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    if (TEMPLATE_PARTS.size >= 2_000) TEMPLATE_PARTS.clear();
    TEMPLATE_PARTS.set(template, parts);
  }
  return parts;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * `count` with its noun in the right plural form (`1 row`, `2 rows`; `2 рядки`, `5 рядків`). With
 * `digits`, a decimal shown with that many decimals, in the form that goes with it (`0.001 points`,
 * `1.00 points`; Ukrainian `0,5 відсоткового пункту`).
 */
export function counted(s: Strings, unit: keyof SummaryStrings['units'], count: number, digits?: number): string {
  const forms = s.summary.units[unit];
  if (digits !== undefined) {
    const rules = new Intl.PluralRules(s.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return fill(forms[rules.select(count)] ?? forms.other, { n: formatDecimal(count, digits, s.decimal) });
  }
  let rules = pluralRules.get(s.locale);
  if (!rules) pluralRules.set(s.locale, (rules = new Intl.PluralRules(s.locale)));
  return fill(forms[rules.select(count)] ?? forms.other, { n: formatCount(count) });
}
