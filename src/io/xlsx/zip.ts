/**
 * Just enough of ZIP (PKWARE APPNOTE 6.3.10) to read a workbook: the central directory, found
 * from the end of the file, lists every part with its sizes and offset, so each part can be read
 * on its own, in any order, and inflated under a byte budget. A forward-only ZIP stream (what
 * exceljs's WorkbookReader uses) can do neither: it meets the parts in file order (Excel and
 * LibreOffice put the sheets before the shared strings) and cannot cap what a part inflates to.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import { KwigaError } from '../../model/errors.js';
import { abortable } from '../../model/abort.js';
import { readAt } from './files.js';
import type { ByteBudget } from './limits.js';

/** One file inside the archive, as the central directory describes it. */
export interface ZipEntry {
  /** Path inside the archive (`xl/workbook.xml`). */
  name: string;
  /** Compression method: 0 stored, 8 deflated. */
  method: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  /** Bytes stored in the archive. */
  compressedSize: number;
  /** Bytes once inflated, as declared. */
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

/** An archive's index. */
export interface ZipIndex {
  /** Path of the archive file. */
  path: string;
  /** Entries by lowercased name (OPC part names compare case-insensitively, ECMA-376 part 2 §6.2.2.3). */
  entries: Map<string, ZipEntry>;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const TAIL = 22 + 0xffff;
/** More entries than any workbook has; a bigger directory is a crafted file. */
const MAX_ENTRIES = 65_535;
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** Reads the central directory; undefined when the file has no ZIP end record. */
export async function readZipIndex(path: string, name: string): Promise<ZipIndex | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, TAIL);
    const tail = await readAt(file, size - tailLength, tailLength);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0 || end + 22 > tail.length) return undefined;
    let count = tail.readUInt16LE(end + 10);
    let dirSize = tail.readUInt32LE(end + 12);
    let dirOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      ({ count, dirSize, dirOffset } = await readZip64End(file, size - tailLength + end, name));
    }
    if (count > MAX_ENTRIES || dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > size) throw damaged(name);
    const directory = await readAt(file, dirOffset, dirSize);
    return { path, entries: parseDirectory(directory, count, name) };
  } finally {
    await file.close();
  }
}

async function readZip64End(file: FileHandle, eocdAt: number, name: string) {
  if (eocdAt < 20) throw damaged(name);
  const locator = await readAt(file, eocdAt - 20, 20);
  if (locator.readUInt32LE(0) !== EOCD64_LOCATOR) throw damaged(name);
  const record = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
  if (record.readUInt32LE(0) !== EOCD64) throw damaged(name);
  return {
    count: Number(record.readBigUInt64LE(32)),
    dirSize: Number(record.readBigUInt64LE(40)),
    dirOffset: Number(record.readBigUInt64LE(48)),
  };
}

function parseDirectory(directory: Buffer, count: number, name: string): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw damaged(name);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localOffset: directory.readUInt32LE(at + 42),
    };
    applyZip64(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.set(entry.name.toLowerCase(), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** ZIP64 extra field (id 1): the 64-bit values of the fields that read 0xFFFFFFFF, in order. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const next = () => (field + 8 <= at + 4 + length ? Number(extra.readBigUInt64LE((field += 8) - 8)) : undefined);
      if (entry.size === 0xffffffff) entry.size = next() ?? entry.size;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localOffset === 0xffffffff) entry.localOffset = next() ?? entry.localOffset;
      return;
    }
    at += 4 + length;
  }
}

/** The entry named `name` (any letter case). */
export function findEntry(index: ZipIndex, name: string): ZipEntry | undefined {
  return index.entries.get(name.toLowerCase());
}

/** Options of `readEntry`. */
export interface EntryReadOptions {
  /** File name for messages. */
  name: string;
  /** The cap shared by every part read. */
  budget: ByteBudget;
  /** Stops reading. */
  signal?: AbortSignal;
}

/**
 * Inflating runs on libuv's thread pool. With the stream's default buffer of one 16 KiB piece it
 * inflated one piece, waited for the parser to take it, and so on: on a busy machine the handovers
 * left the reader idle for about as long again as it worked (11.5 s wall for 6.3 s of CPU on the
 * bench's 200,000 rows). A 1 MiB buffer lets it run ahead; the pieces handed on stay 16 KiB.
 * (`readableHighWaterMark` reaches the zlib stream's Transform; @types/node does not list it.)
 */
const INFLATE_OPTIONS = { chunkSize: 16 * 1024, readableHighWaterMark: 1024 * 1024 } as ZlibOptions;

/**
 * The entry's bytes, inflated, in chunks. Stops with an INPUT error when the budget runs out or
 * the entry inflates past its declared size (a crafted header: an honest writer declares it).
 */
export async function* readEntry(index: ZipIndex, entry: ZipEntry, options: EntryReadOptions): AsyncGenerator<Buffer> {
  const { name, budget, signal } = options;
  if (entry.flags & 1) throw new KwigaError('INPUT', `${name} is password-protected: remove the password in Excel and save it again as .xlsx`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new KwigaError('INPUT', `${name} uses a ZIP compression we cannot read (method ${entry.method}): save it again as .xlsx or CSV UTF-8`);
  }
  if (entry.compressedSize === 0) return;
  const start = await dataOffset(index.path, entry, name);
  const raw = createReadStream(index.path, { start, end: start + entry.compressedSize - 1, highWaterMark: (entry.method === 0 ? 16 : 64) * 1024 });
  // 16 KiB pieces: exceljs keeps a whole piece's parse events and rows alive until the rows are
  // used, and V8 moves what lives that long to old space, where only a full GC frees it. Pieces of
  // 64 KiB peaked near 290 MiB on 200k rows, 16 KiB at 135-240 MiB, no slower (bench/xlsx-bench.mjs).
  const source: Readable = entry.method === 0 ? raw : pipeline(raw, createInflateRaw(INFLATE_OPTIONS), () => {});
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let inflated = 0;
  try {
    for (;;) {
      const pending = chunks.next();
      // A stop leaves this read waiting; destroying the stream below then rejects it: expected.
      pending.catch(() => undefined);
      const next = await abortable(pending, signal).catch((error: unknown) => {
        if (error instanceof KwigaError) throw error;
        throw damaged(name, error);
      });
      if (next.done) break;
      inflated += next.value.length;
      if (inflated > entry.size) throw damaged(name);
      budget.take(next.value.length);
      yield next.value;
    }
  } finally {
    source.destroy();
    raw.destroy();
  }
}

/** Where an entry's data starts: after its local header, whose name and extra lengths may differ from the directory's. */
async function dataOffset(path: string, entry: ZipEntry, name: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const header = await readAt(file, entry.localOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw damaged(name);
    return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await file.close();
  }
}

/** The refusal of an archive that is cut short or crafted. */
export function damaged(name: string, cause?: unknown): KwigaError {
  return new KwigaError('INPUT', `${name} is a damaged workbook (its ZIP structure is broken): open it in Excel and save it again as .xlsx`, { cause });
}
