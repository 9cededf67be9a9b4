import { KwigaError } from '../../model/errors.js';

/**
 * Caps that keep a hostile or broken workbook (a ZIP bomb: a few hundred KB that inflate to GBs
 * of XML) from exhausting memory or running for hours. Exceeding one is an INPUT error (exit 2).
 */
export interface WorkbookLimits {
  /** Decompressed bytes read from the workbook's parts, all together. */
  maxBytes: number;
  /** Decompressed bytes of the shared-string table, which is held in memory whole. */
  maxSharedStringBytes: number;
  /** Highest row number read. */
  maxRows: number;
  /** Highest column number read. */
  maxColumns: number;
  /** Cells read in total (the work done grows with cells, not rows). */
  maxCells: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults: rows and columns at Excel's own limits (1,048,576 × 16,384: a workbook beyond them
 * cannot come from Excel); 1 GiB of XML is about a million rows of ten columns; the shared
 * strings are held in memory, so they get less.
 */
export const DEFAULT_LIMITS: Readonly<WorkbookLimits> = Object.freeze({
  maxBytes: 1024 * MiB,
  maxSharedStringBytes: 128 * MiB,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCells: 50_000_000,
});

/**
 * Characters of XML allowed between two `<`: a cell holds at most 32,767 characters (Excel's
 * limit) and an escaped character takes at most 10 (`&#x10FFFF;`). A longer run is no cell a
 * spreadsheet wrote, and letting the XML parser gather it would hold it all in memory.
 */
export const MAX_MARKUP_GAP = 512 * 1024;

/** The defaults with `given` applied; a cap that is not a positive integer is a USAGE error. */
export function resolveLimits(given: Partial<WorkbookLimits> = {}): WorkbookLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof WorkbookLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new KwigaError('USAGE', `Invalid workbook limit ${key}: expected a positive integer, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/** The one-line refusal of a workbook that is over a cap. */
export function overLimit(name: string, what: string): KwigaError {
  return new KwigaError('INPUT', `${name} is too large to read safely (${what}): save the list as CSV UTF-8, or split it`);
}

/**
 * Counts decompressed bytes against a cap shared by every part read, so a bomb is stopped while
 * it inflates rather than after.
 */
export class ByteBudget {
  /** Bytes taken so far. */
  used = 0;

  constructor(
    /** The cap. */
    readonly limit: number,
    /** File name for the message. */
    private readonly name: string,
  ) {}

  /** Takes `bytes`; throws an INPUT error once the cap is passed. */
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw overLimit(this.name, `more than ${formatBytes(this.limit)} once unzipped`);
  }
}

/** `1 GiB`, `128 MiB`, `900 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}
