/**
 * Just enough of the OLE2 compound file format ([MS-CFB]) to list the streams in a file: legacy
 * `.xls` holds a `Workbook` (or BIFF5 `Book`) stream, and an encrypted OOXML workbook is an OLE2
 * file holding `EncryptionInfo` and `EncryptedPackage` ([MS-OFFCRYPTO] 2.3.4), whatever its name.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readAt } from './files.js';

/** The 8-byte signature every compound file starts with. */
export const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffe;
/** Sectors followed in one chain at most: a loop in a crafted FAT must not spin forever. */
const MAX_CHAIN = 4096;
const HEADER_DIFAT = 109;

/**
 * Names of the streams and storages in the compound file's directory, or undefined when the
 * file is not one (or its directory cannot be followed).
 */
export async function listOle2Streams(path: string): Promise<Set<string> | undefined> {
  const file = await open(path, 'r');
  try {
    const header = await readAt(file, 0, 512);
    if (header.length < 512 || !header.subarray(0, 8).equals(OLE2_MAGIC)) return undefined;
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return undefined;
    const sectorSize = 1 << shift;
    const fat = new FatReader(file, header, sectorSize);
    const names = new Set<string>();
    let sector = header.readUInt32LE(0x30);
    for (let steps = 0; sector !== END_OF_CHAIN && steps < MAX_CHAIN; steps++) {
      const data = await readAt(file, (sector + 1) * sectorSize, sectorSize);
      if (data.length < sectorSize) return undefined;
      for (let at = 0; at + 128 <= data.length; at += 128) {
        const nameBytes = data.readUInt16LE(at + 0x40);
        const type = data[at + 0x42];
        if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
        names.add(data.toString('utf16le', at, at + nameBytes - 2));
      }
      const next = await fat.next(sector);
      if (next === undefined) return undefined;
      sector = next;
    }
    return names;
  } finally {
    await file.close();
  }
}

/** Looks up "the sector after n" in the FAT, reading FAT (and DIFAT) sectors on demand. */
class FatReader {
  private readonly perSector: number;
  private readonly cache = new Map<number, Buffer>();
  private difat: number[] | undefined;

  constructor(
    private readonly file: FileHandle,
    private readonly header: Buffer,
    private readonly sectorSize: number,
  ) {
    this.perSector = sectorSize / 4;
  }

  async next(sector: number): Promise<number | undefined> {
    const fatIndex = Math.floor(sector / this.perSector);
    const fatSector = await this.fatSector(fatIndex);
    if (fatSector === undefined) return undefined;
    let data = this.cache.get(fatSector);
    if (!data) {
      data = await readAt(this.file, (fatSector + 1) * this.sectorSize, this.sectorSize);
      if (data.length < this.sectorSize) return undefined;
      this.cache.set(fatSector, data);
    }
    return data.readUInt32LE((sector % this.perSector) * 4);
  }

  /** The FAT's n-th sector: the first 109 are listed in the header, the rest in DIFAT sectors. */
  private async fatSector(index: number): Promise<number | undefined> {
    if (index < HEADER_DIFAT) return this.header.readUInt32LE(0x4c + index * 4);
    if (!this.difat) this.difat = await this.readDifat();
    return this.difat[index - HEADER_DIFAT];
  }

  private async readDifat(): Promise<number[]> {
    const list: number[] = [];
    let sector = this.header.readUInt32LE(0x44);
    for (let steps = 0; sector < END_OF_CHAIN - 2 && steps < MAX_CHAIN; steps++) {
      const data = await readAt(this.file, (sector + 1) * this.sectorSize, this.sectorSize);
      if (data.length < this.sectorSize) break;
      for (let i = 0; i < this.perSector - 1; i++) list.push(data.readUInt32LE(i * 4));
      sector = data.readUInt32LE(this.sectorSize - 4);
    }
    return list;
  }
}
