/**
 * V8 keeps a substring as a slice of its parent string, so a short value cut out of a 256 KB CSV
 * chunk keeps the whole chunk alive for as long as the value lives. Anything that outlives its
 * row (duplicate keys, per-domain memos and counters) must be detached first.
 */

/** A copy of `s` that does not keep a larger parent string alive. */
export function detach(s: string): string {
  // Short strings are always copied by V8 (no slices under 13 characters). For longer ones, the
  // concatenation makes a cons string, and slicing it flattens it into a new string of its own.
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** `a` + separator + `b` as one flat string (a join allocates a fresh sequential string). */
export function joinFlat(a: string, separator: string, b: string): string {
  return [a, b].join(separator);
}

/** Whether every character is ASCII (the common case the fast paths are built for). */
export function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
