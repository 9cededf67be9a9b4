/**
 * Just enough of ZIP (PKWARE APPNOTE 6.3.10) to write a workbook as it is produced: each part is
 * deflated as it streams (§4.4.4 bit 3: sizes and CRC-32 follow the data in a data descriptor,
 * §4.3.9), and the central directory at the end lists them all, as readers of OOXML packages
 * (ECMA-376 part 2, annex C) expect. Parts are written one after the other, never held whole.
 */
import type { WriteStream } from 'node:fs';
import * as zlib from 'node:zlib';
import { KwigaError } from '../../model/errors.js';

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** Bit 3: sizes in a data descriptor; bit 11: the name is UTF-8. */
const FLAGS = 0x0008 | 0x0800;
/** 1980-01-01 00:00 in MS-DOS form: the same bytes on every run, as the CSVs are. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/**
 * Level 1 (zlib's fastest): sheet XML is repetitive markup, so it still shrinks about tenfold,
 * at a third of the CPU time of the default level 6 (measured on the bench's 200,000 rows).
 */
const LEVEL = 1;
/**
 * Text is encoded straight into a buffer of this size, which goes to the compressor when full: a
 * few large writes beat many small ones, and `buffer.write(text)` per row costs less than half of
 * `Buffer.from(pending)` on 64 Ki characters of joined rows (which had to flatten them first;
 * 418 ms of a 200,000-row run's profile).
 */
const BUFFER_BYTES = 256 * 1024;
/**
 * Compressing runs on libuv's thread pool. With the stream's default buffer (16 KiB) every 64 KiB
 * written waited for the pool to take it, and on a busy machine those handovers, not the work,
 * set the pace; 1 MiB lets the compressor run behind the rows as it may, and 64 KiB pieces out
 * (not 16) mean fewer callbacks on the main thread. (`writableHighWaterMark`
 * reaches the zlib stream's Transform; @types/node does not list it.)
 */
const DEFLATE_OPTIONS = { level: LEVEL, chunkSize: 64 * 1024, writableHighWaterMark: 1024 * 1024 } as zlib.ZlibOptions;

/** CRC-32 (ISO-HDLC, as ZIP uses): Node's own where it has one (20.15+), else a table. */
const crc32: (data: Buffer, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib as unknown as { crc32: (d: Buffer, v: number) => number }).crc32 : tableCrc32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function tableCrc32(data: Buffer, value: number): number {
  let c = value ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** One part being written: text in, deflated bytes out to the archive. */
export class ZipEntryWriter {
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly deflate = zlib.createDeflateRaw(DEFLATE_OPTIONS);
  private readonly done: Promise<void>;

  constructor(
    private readonly zip: ZipWriter,
    private readonly name: Buffer,
    private readonly offset: number,
  ) {
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      zip.put(chunk, this.deflate);
    });
    this.done = new Promise<void>((resolve, reject) => {
      this.deflate.once('end', resolve);
      this.deflate.once('error', reject);
    });
  }

  /** Adds text; resolves at once unless the compressor or the file is behind. */
  write(text: string): Promise<void> | undefined {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 <= this.buffer.length) {
      this.used += this.buffer.write(text, this.used, 'utf8');
      return undefined;
    }
    const waiting = this.push();
    // Text bigger than a buffer goes on its own, at once, so the order of writes is kept even by
    // a caller that does not wait.
    if (text.length * 3 > BUFFER_BYTES) return this.send(Buffer.from(text, 'utf8')) ?? waiting;
    this.used = this.buffer.write(text, 0, 'utf8');
    return waiting;
  }

  /** Hands the filled part of the buffer to the compressor, and starts a new buffer. */
  private push(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    const bytes = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.used = 0;
    return this.send(bytes);
  }

  private send(bytes: Buffer): Promise<void> | undefined {
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.deflate.write(bytes)) return undefined;
    return new Promise<void>((resolve) => this.deflate.once('drain', resolve));
  }

  /** Finishes the part: its last bytes, then the data descriptor. */
  async end(): Promise<void> {
    await this.push();
    this.deflate.end();
    await this.done;
    this.zip.finishEntry({ name: this.name, crc: this.crc, compressed: this.compressed, size: this.size, offset: this.offset });
  }

  /** Stops compressing (a run that is abandoned). */
  destroy(): void {
    this.deflate.destroy();
  }
}

/** An archive written front to back into `out`. */
export class ZipWriter {
  private offset = 0;
  private readonly entries: Written[] = [];
  private current: ZipEntryWriter | undefined;

  constructor(private readonly out: WriteStream) {}

  /** Starts a part; the previous one must be ended first. */
  entry(name: string): ZipEntryWriter {
    if (this.current) throw new KwigaError('INTERNAL', 'ZipWriter: end one entry before the next');
    const bytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(bytes.length, 26);
    const offset = this.offset;
    this.put(Buffer.concat([header, bytes]));
    this.current = new ZipEntryWriter(this, bytes, offset);
    return this.current;
  }

  /** A whole small part at once. */
  async add(name: string, text: string): Promise<void> {
    const entry = this.entry(name);
    await entry.write(text);
    await entry.end();
  }

  /** Bytes to the file; a compressor that produced them waits while the file is behind. */
  put(bytes: Buffer, source?: zlib.DeflateRaw): void {
    this.offset += bytes.length;
    if (!this.out.write(bytes) && source && !source.isPaused()) {
      source.pause();
      this.out.once('drain', () => source.resume());
    }
  }

  /** Called by an entry once its data is out: the data descriptor follows. */
  finishEntry(entry: Written): void {
    // Without ZIP64 (§4.3.9.2) sizes and offsets have 32 bits: a bigger sheet cannot be written.
    if (entry.size > 0xffffffff || this.offset > 0xffffffff) throw new KwigaError('OUTPUT', 'A workbook part passed 4 GiB: write the results as CSV (--output-format csv)');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    this.put(descriptor);
    this.entries.push(entry);
    this.current = undefined;
  }

  /** Writes the central directory and the end record; the caller then ends the file. */
  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(CENTRAL, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt16LE(DOS_TIME, 12);
      record.writeUInt16LE(DOS_DATE, 14);
      record.writeUInt32LE(e.crc, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE(e.offset, 42);
      this.put(Buffer.concat([record, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.put(end);
  }

  /** Stops the part being written, if any. */
  abort(): void {
    this.current?.destroy();
    this.current = undefined;
  }
}
