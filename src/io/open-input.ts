/**
 * The one door for a contact list: a text table (CSV/TSV, gzip too) or an Excel workbook, told
 * apart by content, never by the file's name, and returned behind the same `InputReader`.
 *
 * Only the first 8 bytes are looked at here: a ZIP or OLE2 container may be a workbook, anything
 * else goes to the CSV reader (which names other binary files). The workbook code (src/io/xlsx,
 * and exceljs behind it) is loaded only when the input is such a container, so a CSV run never
 * loads it.
 *
 * A workbook needs random access (its ZIP directory sits at the end), so one on standard input (or
 * a pipe) is copied to a temporary file first, removed by `close()` (and at once if opening fails).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { abortable } from '../model/abort.js';
import { KwigaError } from '../model/errors.js';
import { openInput, type InputReader, type ReadOptions } from './reader.js';

/** How to read any input (all optional: detected otherwise). */
export interface OpenOptions extends ReadOptions {
  /** The sheet of a workbook: tab name or 1-based number (ignored for a text table). */
  sheet?: string | number;
  /** Called once the input is known to be a workbook, before any of it is parsed. */
  onWorkbook?: () => void;
}

/** What only a workbook needs. */
type WorkbookHooks = Pick<OpenOptions, 'sheet' | 'onWorkbook'>;

/** `PK\x03\x04` (a ZIP's first local header), `PK\x05\x06` (an empty ZIP), and OLE2's signature. */
const ZIP = [0x50, 0x4b];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Whether the first bytes are a container a spreadsheet may be (ZIP or OLE2). */
export function isContainer(head: Uint8Array): boolean {
  const zip = ZIP.every((b, i) => head[i] === b) && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  return zip || (head.length >= 8 && OLE2.every((b, i) => head[i] === b));
}

/**
 * Opens the contact list at `path` (`-` for standard input): an `.xlsx` workbook through
 * src/io/xlsx, anything else through the CSV reader. Other spreadsheet formats (`.xls`, `.ods`,
 * `.numbers`, `.xlsb`, password-protected) are refused with one line saying what to do.
 */
export async function openAnyInput(path: string, options: OpenOptions = {}): Promise<InputReader> {
  const { sheet, onWorkbook, ...read } = options;
  const found = { sheet, onWorkbook };
  if (path === '-') return openStream(process.stdin, '-', 'standard input', read, found);
  // A pipe (`<(cat list.xlsx)` is /dev/fd/63) can be read once only: no peeking, read as stdin is.
  if (await isPipe(path)) return openStream(createReadStream(path), path, basename(path), read, found);
  const head = await firstBytes(path);
  if (!head || !isContainer(head)) return openInput(path, read);
  const workbook = await openIfWorkbook(path, basename(path), read, found);
  return workbook ?? openInput(path, read);
}

/** Whether `path` is a pipe, socket or character device rather than a file that can be read twice. */
async function isPipe(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && (info.isFIFO() || info.isSocket() || info.isCharacterDevice());
}

/** The first 8 bytes of a file; undefined when it cannot be read (the CSV reader words why). */
async function firstBytes(path: string): Promise<Buffer | undefined> {
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(8);
      const { bytesRead } = await file.read(buffer, 0, 8, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * The workbook reader when `path` is an `.xlsx`; undefined when the container is no spreadsheet
 * (a Word document, a plain ZIP: the CSV reader names those). A ZIP that shows workbook parts in
 * its first bytes but has no readable directory is a damaged (or cut-short) workbook.
 */
async function openIfWorkbook(path: string, name: string, read: ReadOptions, found: WorkbookHooks): Promise<InputReader | undefined> {
  const { sheet, onWorkbook } = found;
  const xlsx = await import('./xlsx/index.js');
  if ((await xlsx.detectWorkbook(path)) !== 'xlsx') {
    if (await mentionsWorkbookParts(path)) throw xlsx.damaged(name);
    return undefined;
  }
  onWorkbook?.();
  return xlsx.openWorkbook(path, {
    ...(sheet !== undefined ? { sheet } : {}),
    ...(read.emailColumn !== undefined ? { emailColumn: read.emailColumn } : {}),
    ...(read.signal ? { signal: read.signal } : {}),
  });
}

/** Whether the first 4 KiB name a part under `xl/` (a workbook's local headers come first). */
async function mentionsWorkbookParts(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('latin1').includes('xl/');
  } finally {
    await file.close();
  }
}

/**
 * Standard input or a pipe: its first bytes decide. A container is copied to a temporary file,
 * named as the input is in messages (`standard input`); a text table is handed to the CSV reader
 * with the bytes already read put back in front.
 */
async function openStream(stream: Readable, path: string, name: string, read: ReadOptions, found: WorkbookHooks): Promise<InputReader> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < 8) {
    const r = await abortable(chunks.next(), read.signal);
    if (r.done) {
      done = true;
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(chunk);
    length += chunk.length;
  }
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (let r = await abortable(chunks.next(), read.signal); !r.done; r = await abortable(chunks.next(), read.signal)) {
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  };
  if (!isContainer(Buffer.concat(head))) return openInput(path, { ...read, source: rest() });
  const dir = await mkdtemp(join(tmpdir(), 'kwiga-validate-stdin-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const file = join(dir, name);
    await pipeline(Readable.from(capped(rest(), name)), createWriteStream(file));
    const reader = await openIfWorkbook(file, name, read, found);
    if (!reader) throw new KwigaError('INPUT', `${name} is a ZIP or Office file but not a workbook: pass a CSV file or an .xlsx workbook`);
    reader.meta.file = path;
    return { meta: reader.meta, stats: reader.stats, rows: () => reader.rows(), close: remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * A workbook's compressed bytes cannot be more than what it may inflate to (1 GiB, the reader's
 * `maxBytes`), so more on standard input is refused before it fills the disk.
 */
const MAX_STDIN_WORKBOOK = 1024 * 1024 * 1024;

async function* capped(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > MAX_STDIN_WORKBOOK) {
      throw new KwigaError('INPUT', `${name} is too large to read safely (a workbook of more than 1 GiB): save the list as CSV UTF-8, or split it`);
    }
    yield chunk;
  }
}
