/**
 * The package side of a workbook (ECMA-376 part 2, Open Packaging Conventions): relationship
 * parts, part paths, and the `<hyperlink>` elements that sit after a sheet's cells.
 */

/** One `<Relationship>` of a `.rels` part. */
export interface Relationship {
  /** `rId3`. */
  id: string;
  /** The relationship type URI; compare its last segment (`/worksheet`), which Strict and Transitional share. */
  type: string;
  /** The target: a part path relative to the source's folder, or an external URI. */
  target: string;
}

/**
 * A `.rels` part's relationships. Relationship parts are flat, machine-written lists of one
 * element with four attributes, so a pattern reads them without a parser.
 */
export function parseRels(xml: string): Relationship[] {
  const rels: Relationship[] = [];
  for (const [, attrs = ''] of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attributes(attrs);
    if (a.Id && a.Type && a.Target !== undefined) rels.push({ id: a.Id, type: a.Type, target: a.Target });
  }
  return rels;
}

/** The relationship whose type ends with `/kind`. */
export function relOfType(rels: Relationship[], kind: string): Relationship | undefined {
  return rels.find((r) => r.type.endsWith(`/${kind}`));
}

/** An element's attributes, unescaped (names keep their prefix: `r:id`). */
export function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name = '', dq, sq] of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[name] = unescapeXml(dq ?? sq ?? '');
  return out;
}

/** XML's five entities and character references. */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex || dec) {
      const code = parseInt(hex ?? dec!, hex ? 16 : 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name!.toLowerCase()] ?? whole;
  });
}

/** The part a relative target points to, from the folder of its source part (`xl/workbook.xml`). */
export function resolvePart(source: string, target: string): string {
  if (target.startsWith('/')) return normalize(target.slice(1));
  const folder = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
  return normalize(folder + target);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

/** The relationship part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Cells in one hyperlink's range at most: a crafted `A1:XFD1048576` must not be walked. */
const MAX_LINK_CELLS = 10_000;

/**
 * The `mailto:` hyperlinks of a sheet, by cell reference (`C10` → `sofia@ukr.net`), from its XML
 * text and its relationships. The `<hyperlinks>` element comes after `<sheetData>`, so a
 * streaming reader meets it only after every cell: this runs as a pass of its own, before.
 */
export async function scanMailtoLinks(texts: AsyncIterable<string>, rels: Relationship[]): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for (const rel of rels) {
    const address = mailtoAddress(rel.target);
    if (rel.type.endsWith('/hyperlink') && address) targets.set(rel.id, address);
  }
  const links = new Map<string, string>();
  if (targets.size === 0) return links;
  for await (const complete of completeTags(texts)) {
    if (!complete.includes('<hyperlink')) continue;
    for (const [, attrs = ''] of complete.matchAll(/<(?:\w+:)?hyperlink\s([^>]*)>/g)) {
      const a = attributes(attrs);
      const id = Object.entries(a).find(([key]) => /(^|:)id$/.test(key))?.[1];
      const address = id === undefined ? undefined : targets.get(id);
      if (address && a.ref) for (const ref of expandRange(a.ref)) links.set(ref, address);
    }
  }
  return links;
}

/**
 * A formula cell whole: its start tag's attributes, the formula and its cached value. Inside a
 * cell, `<f>` comes before `<v>` (ECMA-376 part 1 §18.3.1.4); formula text holds no `<`.
 */
const FORMULA_CELL = /<c\b([^>]*)>\s*<f\b[^>]*>([^<]*)<\/f>\s*(?:<v>([^<]*)<\/v>|<v\s*\/>)?/g;
/** `HYPERLINK("mailto:…", …)`: the first argument as a text literal (`""` is a quote in it). */
const HYPERLINK_MAILTO = /^\s*=?\s*(?:_xlfn\.)?HYPERLINK\(\s*"((?:[^"]|"")*)"/i;

/**
 * Cells whose formula is `HYPERLINK("mailto:…", "name")` (how Google Sheets exports a link, and
 * what people type in Excel) rewritten as text cells holding the link's address when their
 * cached text holds no `@`, as for a cell with a `mailto:` hyperlink relationship. A formula
 * without a cached value (openpyxl writes none) gives the address too. `xml` holds whole cells.
 */
export function mailtoFormulaCells(xml: string): string {
  return xml.replace(FORMULA_CELL, (whole, attrs: string, formula: string, cached: string | undefined) => {
    const target = HYPERLINK_MAILTO.exec(unescapeXml(formula))?.[1];
    const address = target === undefined ? undefined : mailtoAddress(target.replaceAll('""', '"'));
    if (!address || unescapeXml(cached ?? '').includes('@')) return whole;
    const escaped = address.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
    return `<c${attrs.replace(/\st\s*=\s*"[^"]*"/, '')} t="str"><v>${escaped}</v>`;
  });
}

/**
 * The top-left cells (`A3`) of a sheet's merged ranges of more than one cell. `<mergeCells>`
 * comes after `<sheetData>`, so this is a pass of its own, as for the hyperlinks.
 */
export async function scanMergeStarts(texts: AsyncIterable<string>): Promise<Set<string>> {
  const starts = new Set<string>();
  for await (const complete of completeTags(texts)) {
    if (!complete.includes('<mergeCell')) continue;
    for (const [, attrs = ''] of complete.matchAll(/<mergeCell\s([^>]*)>/g)) {
      const [from, to] = (attributes(attrs).ref ?? '').toUpperCase().split(':');
      const a = splitRef(from ?? '');
      const b = to === undefined ? a : splitRef(to);
      if (a && b && (a.col !== b.col || a.row !== b.row)) starts.add(columnLetters(Math.min(a.col, b.col)) + Math.min(a.row, b.row));
    }
  }
  return starts;
}

/** `mailto:olena@x.ua?subject=Hi` → `olena@x.ua`; undefined for other links. */
export function mailtoAddress(target: string): string | undefined {
  if (!/^mailto:/i.test(target)) return undefined;
  const address = target.slice(7).split('?')[0]!;
  try {
    return decodeURIComponent(address).trim() || undefined;
  } catch {
    return address.trim() || undefined;
  }
}

/** `C10` → [`C10`]; `C10:D11` → [`C10`, `D10`, `C11`, `D11`]. */
function expandRange(ref: string): string[] {
  const [from, to = from] = ref.toUpperCase().split(':');
  const a = splitRef(from!);
  const b = splitRef(to!);
  if (!a || !b) return [];
  const out: string[] = [];
  for (let row = Math.min(a.row, b.row); row <= Math.max(a.row, b.row); row++) {
    for (let col = Math.min(a.col, b.col); col <= Math.max(a.col, b.col); col++) {
      if (out.length >= MAX_LINK_CELLS) return out;
      out.push(columnLetters(col) + row);
    }
  }
  return out;
}

function splitRef(ref: string): { col: number; row: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return { col, row: Number(m[2]) };
}

/** 1 → `A`, 27 → `AA`. */
export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The text in pieces that end before a tag, never inside one (a tag cut between chunks waits). */
async function* completeTags(texts: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const text of texts) {
    const all = carry + text;
    const cut = all.lastIndexOf('<');
    carry = cut < 0 ? '' : all.slice(cut);
    yield cut < 0 ? all : all.slice(0, cut);
  }
}
