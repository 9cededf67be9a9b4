/**
 * Numbers and dates as a person sees them in a spreadsheet, but readable by a machine: the
 * decimals, percent sign, leading zeros and literal text of the cell's number format are kept;
 * digit grouping is not (its separator depends on the reader's locale: `1,234.5` in English Excel
 * is `1 234,5` in Ukrainian), nor is scientific notation; dates become ISO 8601.
 */

/**
 * Built-in number formats (ECMA-376 part 1 §18.8.30) that exceljs's table gets wrong or lacks,
 * by id, for cells whose style names the id without defining it: 22 (exceljs has
 * `m/d/yy "h":mm`, which shows no time), the accounting formats 41-44 (their currency is the
 * reader's locale's, so they are read without it) and the East Asian date and time formats 27-36
 * and 50-58 (exceljs keys them by locale: read as plain dates and times).
 */
export const BUILTIN_FORMAT_FIXES: Readonly<Record<number, string>> = {
  22: 'm/d/yy h:mm',
  41: '#,##0', 42: '#,##0', 43: '#,##0.00', 44: '#,##0.00',
  27: 'yyyy-mm-dd', 28: 'yyyy-mm-dd', 29: 'yyyy-mm-dd', 30: 'yyyy-mm-dd', 31: 'yyyy-mm-dd', 36: 'yyyy-mm-dd',
  50: 'yyyy-mm-dd', 51: 'yyyy-mm-dd', 52: 'yyyy-mm-dd', 53: 'yyyy-mm-dd', 54: 'yyyy-mm-dd', 57: 'yyyy-mm-dd', 58: 'yyyy-mm-dd',
  32: 'h:mm', 34: 'h:mm', 55: 'h:mm', 33: 'h:mm:ss', 35: 'h:mm:ss', 56: 'h:mm:ss',
};

/** The date and time parts a number format shows. */
export interface DateParts {
  /** Year, month or day. */
  date: boolean;
  /** Hours or minutes. */
  time: boolean;
  /** Seconds. */
  seconds: boolean;
  /** `[h]`: hours counted past 24 (a duration). */
  elapsed: boolean;
}

/** Quoted text, escapes, fill/padding characters and bracketed codes removed. */
function skeleton(format: string): string {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/\[[^\]]*\]/g, '');
}

/**
 * The date parts of `format`, or undefined when it is no date format. Excel's rule: a date or
 * time token (`y m d h s`, `AM/PM`) outside quotes, escapes and brackets. An `m` next to `h` or
 * `s` is minutes.
 */
export function dateParts(format: string | undefined): DateParts | undefined {
  if (!format) return undefined;
  return memo(partsCache, format, readDateParts);
}

/**
 * Per-format results, computed once: a workbook has a handful of formats and a million cells.
 * A crafted workbook with more formats than the cap just goes uncached.
 */
function memo<T>(cache: Map<string, T>, format: string, compute: (format: string) => T): T {
  let value = cache.get(format);
  if (value === undefined && !cache.has(format)) {
    value = compute(format);
    if (cache.size < 10_000) cache.set(format, value);
  }
  return value as T;
}

const partsCache = new Map<string, DateParts | undefined>();
const sectionsCache = new Map<string, (NumberSection | undefined)[]>();

function readDateParts(format: string): DateParts | undefined {
  if (/^general$/i.test(format) || format === '@') return undefined;
  const section = skeleton(splitSections(format)[0] ?? '');
  if (!/[ymdhs]|am\/pm|a\/p/i.test(section)) return undefined;
  // `AM/PM` holds an M that is no month; an m next to h or s is minutes.
  const withoutMinutes = section
    .replace(/am\/pm|a\/p/gi, '')
    .replace(/h+[^a-z0-9]*m+/gi, 'h')
    .replace(/m+([^a-z0-9]*s)/gi, '$1');
  return {
    date: /[ymd]/i.test(withoutMinutes),
    time: /[hs]/i.test(section) || /am\/pm|a\/p/i.test(section),
    seconds: /s/i.test(section),
    elapsed: /\[h+\]/i.test(format),
  };
}

const DAY_MS = 86_400_000;
/** Excel's last date, 9999-12-31: beyond it Excel shows `####`. */
const MAX_SERIAL = 2_958_465;

/**
 * The wall-clock date of a serial number, as a Date whose UTC fields are that wall clock. In the
 * 1900 system serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, kept by
 * Excel), so serials below it count from one day later. Undefined outside Excel's range.
 */
export function serialToDate(serial: number, date1904: boolean): Date | undefined {
  if (!(serial >= 0 && serial <= MAX_SERIAL)) return undefined;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  // Excel keeps times to the millisecond and shows them to the second.
  return new Date(Math.round((epoch + Math.round(serial * DAY_MS)) / 1000) * 1000);
}

/** The serial number of a wall-clock date (the inverse of `serialToDate`). */
export function dateToSerial(date: Date, date1904: boolean): number {
  const ms = date.getTime();
  if (date1904) return (ms - Date.UTC(1904, 0, 1)) / DAY_MS;
  const serial = (ms - Date.UTC(1899, 11, 30)) / DAY_MS;
  return serial < 61 ? serial - 1 : serial;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `HH:MM` (or with `:SS`), as the format's parts say. */
export function formatDate(date: Date, parts: DateParts): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  if (!parts.time) return day;
  const hours = parts.elapsed && !parts.date ? Math.floor(dateToSerial(date, true) * 24 + 1e-9) : date.getUTCHours();
  const clock = `${pad(hours)}:${pad(date.getUTCMinutes())}${parts.seconds ? ':' + pad(date.getUTCSeconds()) : ''}`;
  return parts.date ? `${day} ${clock}` : clock;
}

/**
 * The digits of |x| to 15 significant digits (what Excel keeps and shows), as plain decimal
 * notation: 380671234567 → `380671234567`, 0.1+0.2 → `0.3`, 1e-7 → `0.0000001`.
 */
export function plainDigits(x: number): { int: string; frac: string } {
  const abs = Math.abs(x);
  // toPrecision writes plain notation from 1e-6 up to 1e15: the common case, without exponents.
  if (abs >= 1e-6 && abs < 1e15) {
    const text = abs.toPrecision(15);
    const point = text.indexOf('.');
    if (point < 0) return { int: text, frac: '' };
    return { int: text.slice(0, point), frac: text.slice(point + 1).replace(/0+$/, '') };
  }
  const [mantissa = '0', exponent = '0'] = abs.toExponential(14).split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < 0) return { int: '0', frac: ('0'.repeat(-exp - 1) + digits).replace(/0+$/, '') };
  const int = exp + 1 >= digits.length ? digits + '0'.repeat(exp + 1 - digits.length) : digits.slice(0, exp + 1);
  return { int, frac: digits.slice(exp + 1).replace(/0+$/, '') };
}

/** Rounds decimal digits half away from zero, as Excel does (on its 15 digits, not the binary value). */
function roundDigits({ int, frac }: { int: string; frac: string }, decimals: number): { int: string; frac: string } {
  if (frac.length <= decimals) return { int, frac: frac.padEnd(decimals, '0') };
  const all = (int + frac.slice(0, decimals)).split('').map(Number);
  if (Number(frac[decimals]) >= 5) {
    let i = all.length - 1;
    for (; i >= 0 && all[i] === 9; i--) all[i] = 0;
    if (i < 0) all.unshift(1);
    else all[i]! += 1;
  }
  const text = all.join('');
  return { int: text.slice(0, text.length - decimals) || '0', frac: text.slice(text.length - decimals) };
}

/** A number in General format: 15 significant digits, plain notation. */
export function formatGeneral(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value === 0 ? 0 : value);
  const { int, frac } = plainDigits(value);
  const text = frac ? `${int}.${frac}` : int;
  return value < 0 && text !== '0' ? `-${text}` : text;
}

/** A digit placeholder of a format: `0` (a digit or 0), `#` (a digit or nothing), `?` (a digit or a space). */
type Placeholder = { digit: '0' | '#' | '?' };

/** What a number section of a format asks for. */
interface NumberSection {
  prefix: string;
  suffix: string;
  decimals: number;
  minInteger: number;
  percent: boolean;
  /**
   * A whole-number format with literal text between its digits (`000-00-00`, `0## ### ## ##`,
   * `(###) ###-####`: phone numbers stored as numbers): its placeholders and text, in order.
   */
  pattern?: (string | Placeholder)[];
  /** `[<=9999999]`: the section shows the values that meet it (Excel's phone number format). */
  condition?: { op: string; value: number };
}

/** Splits a format into its sections at `;` outside quotes and escapes. */
function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end + 1;
      current += format.slice(i, stop);
      i = stop - 1;
    } else if (ch === '\\') {
      current += format.slice(i, i + 2);
      i++;
    } else if (ch === ';') {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

/**
 * Reads a number section; undefined for what is shown as General (scientific, fractions, text,
 * decimals with text between digits).
 */
function parseSection(section: string): NumberSection | undefined {
  const out: NumberSection = { prefix: '', suffix: '', decimals: 0, minInteger: 0, percent: false };
  const pattern: (string | Placeholder)[] = [];
  let seenDigit = false;
  let seenPoint = false;
  let interleaved = false;
  const literal = (text: string) => {
    pattern.push(text);
    if (seenDigit) out.suffix += text;
    else out.prefix += text;
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      literal(section.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') literal(section[++i] ?? '');
    else if (ch === '_' || ch === '*') i++;
    else if (ch === '[') {
      const end = section.indexOf(']', i);
      const code = section.slice(i + 1, end < 0 ? undefined : end);
      const condition = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(code);
      if (condition) out.condition = { op: condition[1]!, value: Number(condition[2]) };
      else if (/^[<>=]/.test(code)) return undefined;
      if (code.startsWith('$')) literal(code.slice(1).split('-')[0]!);
      i = end < 0 ? section.length : end;
    } else if (ch === '0' || ch === '#' || ch === '?') {
      if (out.suffix) interleaved = true; // digits after literal text: `000-00-00`
      seenDigit = true;
      pattern.push({ digit: ch });
      if (seenPoint) out.decimals++;
      else if (ch === '0') out.minInteger++;
    } else if (ch === '.' && !seenPoint) seenPoint = true;
    else if (ch === ',') continue;
    else if (/[eE/@]/.test(ch)) return undefined;
    else {
      if (ch === '%') out.percent = true;
      literal(ch);
    }
  }
  if (!seenDigit) return undefined;
  if (interleaved) return seenPoint ? undefined : { ...out, pattern };
  return out;
}

const meets = (v: number, { op, value: b }: { op: string; value: number }): boolean =>
  op === '<' ? v < b : op === '<=' ? v <= b : op === '>' ? v > b : op === '>=' ? v >= b : op === '<>' ? v !== b : v === b;

/**
 * Digits laid into a whole-number pattern as Excel does: from the right, one per placeholder;
 * digits left over go to the first placeholder, placeholders left over show `0`, a space or
 * nothing; the text between them always shows.
 */
function fillPattern(pattern: readonly (string | Placeholder)[], digits: string): string {
  const first = pattern.findIndex((p) => typeof p !== 'string');
  const empty = { '0': '0', '?': ' ', '#': '' } as const;
  let rest = digits;
  const out: string[] = [];
  for (let i = pattern.length - 1; i >= 0; i--) {
    const p = pattern[i]!;
    if (typeof p === 'string') out.push(p);
    else if (i === first) out.push(rest || empty[p.digit]);
    else out.push(rest ? rest[rest.length - 1]! : empty[p.digit]);
    if (typeof p !== 'string') rest = i === first ? '' : rest.slice(0, -1);
  }
  return out.reverse().join('');
}

/**
 * A number as its format shows it. Formats this does not model (scientific, fractions, decimals
 * mixed with literal text, an empty section that hides the value) fall back to General: the
 * value is never hidden or lost.
 */
export function formatNumber(value: number, format: string | undefined): string {
  if (!format || /^general$/i.test(format)) return formatGeneral(value);
  const sections = memo(sectionsCache, format, (f) => splitSections(f).map(parseSection));
  // An empty or unreadable section is undefined: a negative or zero then uses the first one.
  const conditional = sections.some((s) => s?.condition);
  const useNegative = !conditional && value < 0 && sections[1] !== undefined;
  const useZero = !conditional && value === 0 && sections[2] !== undefined;
  // With conditions, the first section whose condition the value meets; one without takes the rest.
  const section = conditional ? sections.slice(0, 3).find((s) => s && (!s.condition || meets(value, s.condition))) : sections[useZero ? 2 : useNegative ? 1 : 0];
  if (!section) return formatGeneral(value);
  const scaled = Math.abs(value) * (section.percent ? 100 : 1);
  if (scaled >= 1e21) return formatGeneral(value);
  const { int, frac } = roundDigits(plainDigits(scaled), section.decimals);
  const sign = value < 0 && !useNegative && /[1-9]/.test(int + frac) ? '-' : '';
  if (section.pattern) return sign + fillPattern(section.pattern, int === '0' ? '' : int);
  // `#.00` shows 0.5 as `.50`; a leading 0 reads better and parses the same. A zero without a
  // `0` placeholder shows no digit next to text (accounting's `"-"??`, shown as `-`).
  const bare = int === '0' && !frac && section.minInteger === 0 && (section.prefix !== '' || section.suffix !== '');
  const number = bare ? '' : int.padStart(Math.max(section.minInteger, 1), '0') + (frac ? `.${frac}` : '');
  return `${sign}${section.prefix}${number}${section.suffix}`;
}
