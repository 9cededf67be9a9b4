import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
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
  /** Prefix `'` to cells that start like a formula (`--csv-safe`, see `formulaSafe`). */
  csvSafe?: boolean;
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
  private readonly csvSafe: boolean;
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
    this.csvSafe = style.csvSafe ?? false;
  }

  private wantBom(): boolean {
    return typeof this.style.bom === 'function' ? this.style.bom() : this.style.bom;
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
    for (let i = 0; i < fields.length; i++) line += (i ? this.delimiter : '') + this.quote(fields[i]!);
    return line + '\r\n';
  }

  /**
   * Queues one row with the cell at `index` replaced and `extra` cells appended, without copying
   * the row (this runs once per row). With `extra`, the row's first `width` cells come first
   * (missing ones empty), then `extra`, then any cells past `width` (a workbook row may reach past
   * its header), so the extra cells always sit under their own header names.
   */
  writeWith(fields: readonly string[], width: number, index: number, replacement: string | undefined, extra?: readonly (string | number)[]): void {
    let line = '';
    const n = extra ? width : Math.max(fields.length, width);
    const d = this.delimiter;
    for (let i = 0; i < n; i++) {
      const value = i === index && replacement !== undefined ? replacement : (fields[i] ?? '');
      line += i ? d + this.quote(value) : this.quote(value);
    }
    if (extra) {
      let first = n === 0;
      for (const value of extra) {
        line += (first ? '' : d) + this.quote(String(value));
        first = false;
      }
      for (let i = width; i < fields.length; i++) line += d + this.quote(fields[i]!);
    }
    this.pending += line + '\r\n';
    this.rows++;
  }

  private quote(value: string): string {
    if (this.csvSafe) value = formulaSafe(value);
    return this.needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  /**
   * Hands queued text to the file, waiting when the OS is behind. A write error (a full disk, a
   * file-size limit) rejects here: after an error the stream never emits 'drain', so waiting for
   * 'drain' alone would hang the run forever.
   */
  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.pending.length < FLUSH_CHARS && !force) return;
    let text = this.pending;
    this.pending = '';
    if (this.bomWritten === undefined) {
      this.bomWritten = this.wantBom();
      if (this.bomWritten) text = '\uFEFF' + text;
    }
    if (!this.stream.write(text)) await this.drained();
    if (this.failed) throw this.failed;
  }

  /** Resolves on 'drain', rejects on the stream's error (whichever comes first). */
  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        this.stream.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (error: Error) => done(error);
      // A stream destroyed without an error (discard) ends the wait too.
      const onClose = () => done(this.failed);
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
      this.stream.on('close', onClose);
    });
  }

  /** Finishes the temporary file (the rename happens in `OutputSet.commit`). */
  async close(): Promise<void> {
    await this.flush(true);
    if (this.stream.destroyed) throw this.failed ?? new Error('the file was closed before it was finished');
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
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

/** The temporary name for a file in the out dir. */
export function tempName(dir: string, file: string): string {
  return join(dir, `.${file}.${process.pid}.partial`);
}

/** The name a previous run's file is kept under while the new set is swapped in. */
export function backupName(dir: string, file: string): string {
  return join(dir, `.${file}.${process.pid}.previous`);
}

/** Why a write failed, in words, for the error codes a full, read-only or locked place gives. */
const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file reached the size limit set for this process, ulimit -f',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'the disk reported an input/output error',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder is in the way of a file',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files are open',
};

/** `the disk is full (ENOSPC)`: the cause of a file-system error in words, with its code. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return CAUSES[code] ? `${CAUSES[code]} (${code})` : code;
}

/** What to do about it: room for a full disk, another place for one that cannot be written. */
function adviceFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  return ['ENOSPC', 'EDQUOT', 'EFBIG'].includes(code)
    ? 'free some space or choose another output folder'
    : 'choose an output folder you can write to';
}

/**
 * The one-line OUTPUT error for results that could not be written to `dir`; `existed` says whether
 * the folder was there before the run (then it is as it was), else it was removed again.
 */
export function outputError(dir: string, error: unknown, existed: boolean): KwigaError {
  const state = existed ? 'the folder is as it was before' : 'nothing was written';
  return new KwigaError('OUTPUT', `Cannot write the results to ${dir}: ${describeFsError(error)}; ${state}. ${capital(adviceFor(error))}.`, {
    cause: error,
  });
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Creates the out dir; errors become a plain OUTPUT error. */
export async function ensureOutDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new KwigaError('OUTPUT', `Cannot create the output folder ${dir}: ${describeFsError(error)}. ${capital(adviceFor(error))}.`, { cause: error });
  });
}

/** One file of a set: written under `temp`, to be renamed to `final`. */
export interface SetFile {
  /** The finished temporary file. */
  temp: string;
  /** Where it belongs. */
  final: string;
  /** The name a file already at `final` is kept under until the swap is done. */
  backup: string;
}

/**
 * Puts finished temporary files in place as one set, the last one (report.json: its presence says
 * "these results are complete") last. Files of a previous run are first moved aside, the last
 * one first, so at every moment the folder holds either the old set, the new set, or no last file
 * at all. If any rename fails, the new files are taken out again and the old ones put back, and
 * the error is thrown: a previous run's results are never half-replaced. Renames within one
 * folder need no free space, so a full disk has already failed the writing, before this.
 */
export async function commitSet(files: readonly SetFile[]): Promise<void> {
  const moved: SetFile[] = [];
  const placed: SetFile[] = [];
  try {
    for (const file of [...files].reverse()) {
      const aside = await rename(file.final, file.backup).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (aside) moved.push(file);
    }
    for (const file of files) {
      await rename(file.temp, file.final);
      placed.push(file);
    }
  } catch (error) {
    for (const file of placed.reverse()) await rm(file.final, { force: true, recursive: true }).catch(() => undefined);
    for (const file of moved.reverse()) await rename(file.backup, file.final).catch(() => undefined);
    throw error;
  }
  await Promise.all(moved.map((file) => rm(file.backup, { force: true, recursive: true }).catch(() => undefined)));
}
