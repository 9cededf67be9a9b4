import { isAscii as isAsciiBuffer } from 'node:buffer';
import iconv from 'iconv-lite';

import type { Encoding } from '../model/config.js';

export type { Encoding };

/** What the sniffer decided about the first bytes. */
export interface EncodingGuess {
  /** The encoding to decode with. */
  encoding: Encoding;
  /** Whether the input starts with a byte order mark. */
  bom: boolean;
}

/** Known binary formats people pass by mistake, by their magic bytes. */
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'zip' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'xls' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'pdf' },
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'xz' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: '7z' },
];

/**
 * Names the binary format of a sample, or returns undefined for text. A zip whose first entry is
 * an Office part is reported as an Excel workbook, since that is what people pass.
 */
export function sniffBinary(sample: Buffer): string | undefined {
  for (const { bytes, what } of MAGIC) {
    if (bytes.every((b, i) => sample[i] === b)) {
      if (what === 'zip') {
        // An Office file is a zip whose part names say which application made it.
        const names = sample.subarray(0, 4096).toString('latin1');
        if (/xl\//.test(names)) return 'xlsx';
        if (/word\//.test(names)) return 'docx';
        if (/ppt\//.test(names)) return 'pptx';
      }
      return what;
    }
  }
  if (hasBom(sample)) return undefined;
  // NUL bytes never appear in text we detect (UTF-16 without a BOM is read only when told so).
  const n = Math.min(sample.length, 8192);
  let nul = 0;
  for (let i = 0; i < n; i++) if (sample[i] === 0) nul++;
  if (nul > 0 && nul * 20 > n) return utf16Without(sample, n) ?? 'binary';
  // Control characters other than tab, CR and LF do not occur in CSV text; random or compressed
  // bytes have about one in eight.
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b > 0 && b < 0x20 && b !== 9 && b !== 10 && b !== 13) control++;
  }
  return control * 50 > n ? 'binary' : undefined;
}

/**
 * `utf-16le` / `utf-16be` when a sample reads as UTF-16 without a byte order mark: many high bytes
 * (LE: odd, BE: even) are NUL — a contact list's addresses, digits and delimiters are ASCII — and
 * almost no low byte is. Only a hint for the message: such a file is read when `--encoding` says so.
 */
function utf16Without(sample: Buffer, n: number): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = n >> 1;
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.3 && evenNul <= pairs * 0.02) return 'utf-16le';
  if (evenNul >= pairs * 0.3 && oddNul <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

function hasBom(s: Buffer): boolean {
  return (
    (s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) ||
    (s[0] === 0xff && s[1] === 0xfe) ||
    (s[0] === 0xfe && s[1] === 0xff)
  );
}

/** Guesses the encoding from the first bytes of the input. */
export function sniffEncoding(sample: Buffer): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  if (isUtf8(sample)) return { encoding: 'utf-8', bom: false };
  return { encoding: looksCyrillic(sample) ? 'windows-1251' : 'windows-1252', bom: false };
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and bytes that break UTF-8 (a sequence cut off at
 * the very end of the sample is neither: the sample is a prefix of the file).
 */
function utf8Stats(s: Buffer): { sequences: number; broken: number } {
  let sequences = 0;
  let broken = 0;
  let i = 0;
  const n = s.length;
  outer: while (i < n) {
    const b = s[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let extra: number;
    if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else {
      broken++;
      i++;
      continue;
    }
    for (let k = 1; k <= extra; k++) {
      if (i + k >= n) break outer;
      const c = s[i + k]!;
      if (c < 0x80 || c > 0xbf) {
        broken++;
        i++;
        continue outer;
      }
    }
    sequences++;
    i += extra + 1;
  }
  return { sequences, broken };
}

/**
 * UTF-8, or UTF-8 with a few broken bytes (a file cut and pasted together, one row from an old
 * system): when well-formed multi-byte sequences outnumber broken bytes ten to one, the file is
 * UTF-8 and the broken bytes become U+FFFD in their rows only. Reading it as windows-125x instead
 * would garble every non-ASCII letter of the file.
 */
function isUtf8(s: Buffer): boolean {
  const { sequences, broken } = utf8Stats(s);
  return broken === 0 || sequences >= 10 * broken;
}

/** Bytes that are Ukrainian/Russian letters in windows-1251 outside 0xC0–0xFF (Ё ё Є є І і Ї ї Ґ ґ). */
const CYRILLIC_1251_EXTRA = new Set([0xa8, 0xb8, 0xaa, 0xba, 0xb2, 0xb3, 0xaf, 0xbf, 0xa5, 0xb4]);

/**
 * windows-1251 vs windows-1252: in 1251 the high bytes are Cyrillic letters, so Cyrillic text is
 * whole words of high bytes (runs of 3 and more), while Western text has one or two accented
 * letters between ASCII ones (`ção`, `für`). So: what share of high letters sit in runs of 3+?
 */
function looksCyrillic(s: Buffer): boolean {
  let letters = 0;
  let inLongRuns = 0;
  let run = 0;
  const close = () => {
    if (run >= 3) inLongRuns += run;
    run = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const b = s[i]!;
    if (b >= 0xc0 || CYRILLIC_1251_EXTRA.has(b)) {
      letters++;
      run++;
    } else {
      close();
    }
  }
  close();
  return letters > 0 && inLongRuns / letters > 0.5;
}

/** A streaming decoder: bytes in, text out. */
export interface TextDecoderStream {
  /** Decodes a chunk, keeping incomplete sequences for the next one. */
  write(chunk: Buffer): string;
  /** Flushes what is left. */
  end(): string;
}

/** A decoder for the encoding; a leading BOM is dropped. */
export function createDecoder(encoding: Encoding): TextDecoderStream {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  return {
    write: (chunk) => decoder.write(chunk),
    end: () => decoder.end() ?? '',
  };
}

/** Whether every byte is ASCII (then UTF-8, windows-1251 and windows-1252 all read it alike). */
export function isAscii(bytes: Buffer): boolean {
  return isAsciiBuffer(bytes);
}

/** Index of the first byte that is not ASCII (-1 when none); only called on a chunk known to have one. */
function firstHighByte(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) return i;
  return -1;
}

/** Non-ASCII bytes to see before deciding: enough for a word or two, not one stray letter. */
const DECIDE_AFTER = 64;

/**
 * A decoder for input whose first bytes are all ASCII: the encoding cannot be told yet, so it is
 * decided once enough non-ASCII bytes have been seen (3,000 ASCII rows and then `Олена` in
 * windows-1251 must not be read as broken UTF-8). Bytes from the first non-ASCII one on are held
 * until then (or until the end), so a decision never rests on a character cut by a chunk boundary.
 * `decided` reports the choice.
 */
export function createLazyDecoder(decided: (encoding: Encoding) => void): TextDecoderStream {
  let real: TextDecoderStream | undefined;
  let held: Buffer[] = [];
  let highSeen = 0;
  const decide = (): string => {
    const bytes = Buffer.concat(held);
    held = [];
    const encoding = sniffEncoding(bytes).encoding;
    decided(encoding);
    real = createDecoder(encoding);
    return real.write(bytes);
  };
  return {
    write(chunk) {
      if (real) return real.write(chunk);
      let text = '';
      if (held.length === 0) {
        // Most chunks of most files are all ASCII: one native check, then a plain copy.
        if (isAsciiBuffer(chunk)) return chunk.toString('latin1');
        const first = firstHighByte(chunk);
        text = chunk.subarray(0, first).toString('latin1');
        chunk = chunk.subarray(first);
      }
      held.push(chunk);
      for (const b of chunk) if (b >= 0x80) highSeen++;
      return highSeen >= DECIDE_AFTER ? text + decide() : text;
    },
    end: () => {
      if (!real && held.length > 0) return decide() + real!.end();
      return real?.end() ?? '';
    },
  };
}
