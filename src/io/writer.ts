import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { KwigaError } from '../model/errors.js';

/** The delimiters a CSV is written with (the ones we read). */
export type Delimiter = ',' | ';' | '\t' | '|';

/** `d` when it is one of the delimiters we write, else `,` (a report from an older run names none). */
export function csvDelimiter(d: string | undefined): Delimiter {
  return d === ';' || d === '\t' || d === '|' ? d : ',';
}

/** Per delimiter: the delimiter, a quote or a line break anywhere, or a space at either end. */
const NEEDS_QUOTES: Record<Delimiter, RegExp> = {
  ',': /[",\r\n]|^ | $/,
  ';': /[";\r\n]|^ | $/,
  '\t': /["\t\r\n]|^ | $/,
  '|': /["|\r\n]|^ | $/,
};

/**
 * RFC 4180 quoting, for the delimiter the file is written with: a field is quoted when it holds
 * that delimiter, a quote or a line break, and quotes inside are doubled. Fields starting or
 * ending with white space are quoted too so that spreadsheet programs keep the spaces.
 */
export function csvField(value: string, delimiter: Delimiter = ','): string {
  return NEEDS_QUOTES[delimiter].test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line (CRLF-terminated, as RFC 4180 says). */
export function csvLine(fields: readonly string[], delimiter: Delimiter = ','): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i ? delimiter : '') + csvField(fields[i]!, delimiter);
  return line + '\r\n';
}

/** How a CSV is written: its delimiter, and whether it starts with a UTF-8 byte order mark. */
export interface CsvStyle {
  /** Field delimiter. */
  delimiter: Delimiter;
  /**
   * Whether to write a BOM. A function is asked when the first bytes go out, and again at the end:
   * the input's encoding may be decided late (an ASCII start), and a file whose answer changed is
   * rewritten with the BOM in front (rare: the whole start of the input was ASCII).
   */
  bom: boolean | (() => boolean);
}

const FLUSH_CHARS = 64 * 1024;

/**
 * A CSV file written under a temporary name and renamed into place by `commit()`, so that a
 * failed or interrupted run never leaves a file that looks finished.
 */
export class AtomicCsvWriter {
  private readonly stream: WriteStream;
  private pending = '';
  private failed: Error | undefined;
  private readonly delimiter: Delimiter;
  private readonly needsQuotes: RegExp;
  /** Whether a BOM went out with the first bytes (undefined: nothing written yet). */
  private bomWritten: boolean | undefined;
  /** Rows written (header excluded). */
  rows = 0;

  constructor(
    /** Final path. */
    readonly path: string,
    /** Temporary path written until commit. */
    readonly tempPath: string,
    private readonly style: CsvStyle,
  ) {
    this.stream = createWriteStream(tempPath);
    this.stream.on('error', (error) => (this.failed = error));
    this.delimiter = style.delimiter;
    this.needsQuotes = NEEDS_QUOTES[style.delimiter];
  }

  private wantBom(): boolean {
    return typeof this.style.bom === 'function' ? this.style.bom() : this.style.bom;
  }

  /** Writes the header line (not counted as a row). */
  header(fields: readonly string[]): void {
    this.pending += csvLine(fields, this.delimiter);
  }

  /** Queues one row; call `flush()` now and then to respect backpressure. */
  write(fields: readonly string[]): void {
    this.pending += csvLine(fields, this.delimiter);
    this.rows++;
  }

  /**
   * Queues one row with the cell at `index` replaced and `extra` cells appended, without copying
   * the row (this runs once per row). Missing cells up to `width` are written empty.
   */
  writeWith(fields: readonly string[], width: number, index: number, replacement: string | undefined, extra?: readonly string[]): void {
    let line = '';
    const n = Math.max(fields.length, width);
    const d = this.delimiter;
    for (let i = 0; i < n; i++) {
      const value = i === index && replacement !== undefined ? replacement : (fields[i] ?? '');
      line += i ? d + this.quote(value) : this.quote(value);
    }
    if (extra) for (const value of extra) line += d + this.quote(value);
    this.pending += line + '\r\n';
    this.rows++;
  }

  private quote(value: string): string {
    return this.needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  /** Hands queued text to the file, waiting when the OS is behind. */
  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.pending.length < FLUSH_CHARS && !force) return;
    let text = this.pending;
    this.pending = '';
    if (this.bomWritten === undefined) {
      this.bomWritten = this.wantBom();
      if (this.bomWritten) text = '\uFEFF' + text;
    }
    if (!this.stream.write(text)) await new Promise<void>((ok) => this.stream.once('drain', () => ok()));
  }

  /** Finishes the temporary file (the rename happens in `OutputSet.commit`). */
  async close(): Promise<void> {
    await this.flush(true);
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failed) throw this.failed;
    if (!this.bomWritten && this.wantBom()) await this.prependBom();
  }

  /** The BOM was decided after the first bytes went out: copy the file behind one. */
  private async prependBom(): Promise<void> {
    const withBom = `${this.tempPath}.bom`;
    const out = createWriteStream(withBom);
    out.write('\uFEFF');
    try {
      await pipeline(createReadStream(this.tempPath), out);
      await rename(withBom, this.tempPath);
    } finally {
      await rm(withBom, { force: true });
    }
    this.bomWritten = true;
  }

  /**
   * Stops writing and removes the temporary file. The stream opens its file asynchronously: wait
   * for it to close (after a pending open completes) before removing, or the open would create
   * the file again after the removal.
   */
  async discard(): Promise<void> {
    if (!this.stream.closed) {
      await new Promise<void>((done) => {
        this.stream.once('close', () => done());
        this.stream.destroy();
      });
    }
    await rm(this.tempPath, { force: true });
  }
}

/** Creates the out dir; errors become a plain OUTPUT error. */
export async function ensureOutDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new KwigaError('OUTPUT', `Cannot create the output folder ${dir} (${error.code ?? error.message}): choose another with --out-dir`);
  });
}

/** The temporary name for a file in the out dir. */
export function tempName(dir: string, file: string): string {
  return join(dir, `.${file}.${process.pid}.partial`);
}

/** Writes a whole text file atomically (temp file + rename). */
export async function writeFileAtomic(path: string, temp: string, text: string): Promise<void> {
  await writeFile(temp, text, 'utf8');
  await rename(temp, path);
}
