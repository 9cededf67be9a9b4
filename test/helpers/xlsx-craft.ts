/**
 * Hand-made workbooks for the xlsx tests: a minimal ZIP writer (deflate, CRC-32) and the few
 * parts a workbook needs, so a test can say exactly which XML it reads (inline strings, ISO date
 * cells, rows without `r`, crafted sizes, ZIP bombs) without a spreadsheet program.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';

/** One file of the archive. */
export interface CraftPart {
  /** Path in the archive. */
  name: string;
  /** Content, or a function streaming it (for contents too big to hold: a bomb). */
  data: string | Buffer | (() => AsyncIterable<Buffer>);
  /** Stored (method 0) instead of deflated. */
  store?: boolean;
  /** Uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(crc: number, data: Buffer): number {
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Compresses a part, streaming its input (a bomb's few hundred MB are never held). */
async function pack(part: CraftPart): Promise<{ body: Buffer; size: number; crc: number }> {
  const source = typeof part.data === 'function' ? part.data() : [Buffer.from(part.data)];
  let size = 0;
  let crc = 0;
  const counted = async function* () {
    for await (const chunk of source) {
      size += chunk.length;
      // A CRC over hundreds of MB in JS costs seconds; the readers under test never check it.
      if (size <= 64 * 1024 * 1024) crc = crc32(crc, chunk);
      yield chunk;
    }
  };
  const out: Buffer[] = [];
  if (part.store) {
    for await (const chunk of counted()) out.push(chunk);
  } else {
    await pipeline(Readable.from(counted()), createDeflateRaw({ level: 9 }), async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) out.push(chunk);
    });
  }
  return { body: Buffer.concat(out), size, crc };
}

/** Writes a ZIP archive of `parts` to `path`. */
export async function writeZip(path: string, parts: CraftPart[]): Promise<void> {
  const file = createWriteStream(path);
  const directory: Buffer[] = [];
  let offset = 0;
  const write = (buffer: Buffer) => {
    file.write(buffer);
    offset += buffer.length;
  };
  for (const part of parts) {
    const { body, size, crc } = await pack(part);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const method = part.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    write(local);
    write(name);
    write(body);
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  write(dir);
  write(end);
  await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A sheet of a crafted workbook. */
export interface CraftSheet {
  /** Tab name. */
  name: string;
  /** The `<sheetData>` content (rows), or the whole part's content (a function for huge ones). */
  rows: string | (() => AsyncIterable<Buffer>);
  /** `hidden`, `veryHidden`. */
  state?: string;
  /** Extra XML after `</sheetData>` (`<hyperlinks>`). */
  after?: string;
  /** The sheet's relationships part (`<Relationship …/>` elements). */
  rels?: string;
}

/** Options of a crafted workbook. */
export interface CraftOptions {
  /** `<si>` elements of the shared-string table (no table when absent). */
  sharedStrings?: string[];
  /** `<numFmts>` content and the `numFmtId`s of cellXfs 1, 2, … (0 is General). */
  numFmts?: { id: number; code: string }[];
  /** `numFmtId` of each cell style after the default one. */
  cellXfs?: number[];
  /** `<workbookPr>` attributes (`date1904="1"`). */
  workbookPr?: string;
  /** Parts put in front of the workbook's own (to play with order). */
  before?: CraftPart[];
}

/** The parts of a workbook with `sheets`, in the order Excel writes them (sheets before shared strings). */
export function craftWorkbook(sheets: CraftSheet[], options: CraftOptions = {}): CraftPart[] {
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;
  const bookRels = sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`));
  bookRels.push(rel('rIdS', 'styles', 'styles.xml'));
  if (options.sharedStrings) bookRels.push(rel('rIdT', 'sharedStrings', 'sharedStrings.xml'));
  const parts: CraftPart[] = [
    ...(options.before ?? []),
    { name: '_rels/.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr ${options.workbookPr ?? ''}/><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${bookRels.join('')}</Relationships>` },
  ];
  sheets.forEach((sheet, i) => {
    const rows = sheet.rows;
    parts.push({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: typeof rows === 'function' ? rows : `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${sheet.after ?? ''}</worksheet>`,
    });
    if (sheet.rels) {
      parts.push({ name: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`, data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheet.rels}</Relationships>` });
    }
  });
  const fmts = options.numFmts ?? [];
  const xfs = [0, ...(options.cellXfs ?? [])].map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>`);
  parts.push({
    name: 'xl/styles.xml',
    data: `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><numFmts count="${fmts.length}">${fmts
      .map((f) => `<numFmt numFmtId="${f.id}" formatCode="${f.code.replace(/"/g, '&quot;')}"/>`)
      .join('')}</numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`,
  });
  if (options.sharedStrings) {
    parts.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><sst xmlns="${MAIN}">${options.sharedStrings.join('')}</sst>` });
  }
  return parts;
}

/** An inline-string cell. */
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
