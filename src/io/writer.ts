import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KwigaError } from '../model/errors.js';

/**
 * RFC 4180 quoting: a field is quoted when it holds a comma, a quote or a line break, and quotes
 * inside are doubled. Fields starting or ending with white space are quoted too so that
 * spreadsheet programs keep the spaces.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A comma, quote or line break anywhere, or a space at either end. */
const NEEDS_QUOTES = /[",\r\n]|^ | $/;

/** One CSV line (CRLF-terminated, as RFC 4180 says). */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + csvField(fields[i]!);
  return line + '\r\n';
}

/**
 * `--csv-safe`: a cell a spreadsheet would run as a formula gets a `'` in front, which makes it
 * text (OWASP, "CSV Injection": cells starting with `=`, `+`, `-`, `@`, tab or carriage return).
 * The cell then differs from the input (`+380…` becomes `'+380…`), which is why it is off by
 * default: Kwiga's importer must get the data as is.
 */
export function formulaSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const FORMULA_START = /^[=+\-@\t\r]/;

const FLUSH_CHARS = 64 * 1024;

/**
 * A CSV file written under a temporary name and renamed into place by `commit()`, so that a
 * failed or interrupted run never leaves a file that looks finished.
 */
export class AtomicCsvWriter {
  private readonly stream: WriteStream;
  private pending = '';
  private failed: Error | undefined;
  /** Rows written (header excluded). */
  rows = 0;

  private readonly field: (value: string) => string;

  constructor(
    /** Final path. */
    readonly path: string,
    /** Temporary path written until commit. */
    readonly tempPath: string,
    bom: boolean,
    /** Prefix `'` to cells that start like a formula (`--csv-safe`, see `formulaSafe`). */
    csvSafe = false,
  ) {
    this.stream = createWriteStream(tempPath);
    this.stream.on('error', (error) => (this.failed = error));
    if (bom) this.pending = '\uFEFF';
    this.field = csvSafe ? (value) => csvField(formulaSafe(value)) : csvField;
  }

  /** Writes the header line (not counted as a row). */
  header(fields: readonly string[]): void {
    this.pending += this.line(fields);
  }

  /** Queues one row; call `flush()` now and then to respect backpressure. */
  write(fields: readonly string[]): void {
    this.pending += this.line(fields);
    this.rows++;
  }

  private line(fields: readonly string[]): string {
    let line = '';
    for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + this.field(fields[i]!);
    return line + '\r\n';
  }

  /**
   * Queues one row with the cell at `index` replaced and `extra` cells appended, without copying
   * the row (this runs once per row). With `extra`, the row's first `width` cells come first
   * (missing ones empty), then `extra`, then any cells past `width` (a workbook row may reach past
   * its header), so the extra cells always sit under their own header names.
   */
  writeWith(fields: readonly string[], width: number, index: number, replacement: string | undefined, extra?: readonly (string | number)[]): void {
    const field = this.field;
    let line = '';
    const n = extra ? width : Math.max(fields.length, width);
    for (let i = 0; i < n; i++) {
      const value = i === index && replacement !== undefined ? replacement : (fields[i] ?? '');
      line += i ? ',' + field(value) : field(value);
    }
    if (extra) {
      const after = [...extra.map(String), ...fields.slice(width)];
      for (let i = 0; i < after.length; i++) line += (n || i ? ',' : '') + field(after[i]!);
    }
    this.pending += line + '\r\n';
    this.rows++;
  }

  /** Hands queued text to the file, waiting when the OS is behind. */
  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.pending.length < FLUSH_CHARS && !force) return;
    const text = this.pending;
    this.pending = '';
    if (!this.stream.write(text)) await new Promise<void>((ok) => this.stream.once('drain', () => ok()));
  }

  /** Finishes the temporary file (the rename happens in `OutputSet.commit`). */
  async close(): Promise<void> {
    await this.flush(true);
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failed) throw this.failed;
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
