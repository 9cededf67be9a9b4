/**
 * Numbers, shares, times and lists as people read them, the same way in every language (only the
 * decimal sign is the language's): pure helpers behind the catalogues of index.ts.
 */

/**
 * `1234567` → `1 234 567`. Grouping by a plain space in every language (ISO 80000-1 / SI style):
 * unambiguous for readers used to either `,` or `.` as the decimal sign, and it aligns in a terminal.
 */
export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ' ';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/**
 * A percentage for people: one decimal (`3.4%`), `<0.1%` for a tiny non-zero share (so a few bad
 * rows never read as "0%"), and no decimal at 0 and 100.
 */
export function formatPercent(value: number, decimal: '.' | ',' = '.'): string {
  if (value === 0 || value === 100) return `${value}%`;
  if (value > 0 && value < 0.05) return `<0${decimal}1%`;
  if (value < 100 && value > 99.95) return `>99${decimal}9%`;
  return `${value.toFixed(1).replace('.', decimal)}%`;
}

/** Share of `part` in `whole` as a percentage (0 when whole is 0). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100;
}

/** `37.931` / `37,931`: a number with exactly `digits` decimals and the language's decimal sign. */
export function formatDecimal(value: number, digits: number, decimal: '.' | ','): string {
  return value.toFixed(digits).replace('.', decimal);
}

/** Like `formatDecimal`, without trailing zeros: `40`, `37.93`, `37.931`. */
export function formatTrimmed(value: number, digits: number, decimal: '.' | ','): string {
  const text = formatDecimal(value, digits, decimal);
  return digits > 0 ? text.replace(/0+$/, '').replace(/[.,]$/, '') : text;
}

/** `2026-12-01 22:27:11 UTC`: an ISO time for people, the same in every language. */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

/** `gmail.com, ukr.net, i.ua` and `, …` when the list has more than the names shown. */
export function namedList(names: readonly string[], total: number): string {
  return `${names.join(', ')}${total > names.length ? ', …' : ''}`;
}
