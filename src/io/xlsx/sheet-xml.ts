/**
 * The SpreadsheetML a written workbook is made of (ECMA-376 part 1, §18): cells, their styles and
 * the few package parts around one sheet. Every cell is a value, never a formula: there is no
 * way to write an `<f>` here.
 */
import type { XlsxCell } from './cell.js';
import { dateToSerial } from './numfmt.js';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** `A`, `B`, … `Z`, `AA`, … for a 0-based column. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Characters XML 1.0 cannot hold (§2.2), and unpaired surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Anything `xmlText` may have to change. */
const SPECIAL = /[&<>_\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** A literal `_x0041_` in the text: escaped as `_x005F_x0041_` so a reader does not decode it. */
const XSTRING = /_(x[0-9A-Fa-f]{4}_)/g;

/**
 * Text for an element: XML-escaped, with characters XML cannot hold written as ST_Xstring escapes
 * (`_x000B_`, ECMA-376 part 1 §22.9.2.19), which spreadsheet readers decode.
 */
export function xmlText(text: string): string {
  // Most cells hold nothing to escape: one test, and the text as is.
  if (!SPECIAL.test(text)) return text;
  let out = text;
  if (out.includes('_x')) out = out.replace(XSTRING, '_x005F_$1');
  out = out.replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  if (/[&<>]/.test(out)) out = out.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return out;
}

/** An attribute value in double quotes. */
export function xmlAttr(text: string): string {
  return xmlText(text).replaceAll('"', '&quot;');
}

/** White space at either end or a line break would be dropped without `xml:space`. */
const KEEP_SPACE = /^\s|\s$|[\n\r\t]/;

/**
 * A text cell, as an inline string of one run (`t="inlineStr"`): spreadsheets never evaluate
 * it, whatever it starts with (`=`, `+`, `-`, `@`).
 */
export function textCell(ref: string, text: string, style: number): string {
  const space = KEEP_SPACE.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><r><t${space}>${xmlText(text)}</t></r></is></c>`;
}

/** A typed cell (not empty, not text) as XML; `style` is its `cellXfs` index. */
export function valueCell(ref: string, cell: Exclude<XlsxCell, { type: 'empty' | 'text' }>, style: number): string {
  const s = style ? ` s="${style}"` : '';
  switch (cell.type) {
    case 'number':
      return Number.isFinite(cell.value) ? `<c r="${ref}"${s}><v>${cell.value}</v></c>` : '';
    case 'date': {
      // Written in the 1900 date system, whatever the input used (workbook.xml says so).
      const serial = dateToSerial(cell.value, false);
      return Number.isFinite(serial) ? `<c r="${ref}"${s}><v>${serial}</v></c>` : '';
    }
    case 'boolean':
      return `<c r="${ref}"${s} t="b"><v>${cell.value ? 1 : 0}</v></c>`;
    case 'error':
      // Excel repairs a file whose error cell holds anything but one of its error values.
      return ERROR_VALUES.has(cell.value) ? `<c r="${ref}"${s} t="e"><v>${cell.value}</v></c>` : textCell(ref, cell.value, style);
  }
}

/** Excel's error values (ECMA-376 part 1 §18.18.31 ST_CellError, and the ones Excel 365 added). */
const ERROR_VALUES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!']);

/**
 * Built-in number formats (ECMA-376 part 1 §18.8.30) by their code, as readers name them: a
 * format read from a built-in id goes back to that id, so Excel shows it in the reader's locale
 * as before (14, the short date, above all).
 */
const BUILTIN_FORMATS: Record<string, number> = {
  '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '0.00E+00': 11, '# ?/?': 12, '# ??/??': 13,
  'mm-dd-yy': 14, 'd-mmm-yy': 15, 'd-mmm': 16, 'mmm-yy': 17, 'h:mm AM/PM': 18, 'h:mm:ss AM/PM': 19, 'h:mm': 20,
  'h:mm:ss': 21, 'm/d/yy h:mm': 22, 'm/d/yy "h":mm': 22, 'mm:ss': 45, '[h]:mm:ss': 46, 'mmss.0': 47, '##0.0E+0': 48, '@': 49,
};
/** First id for the workbook's own formats. */
const CUSTOM_FORMATS = 164;

/** Fonts: 0 the default, 1 bold (the header), 2 the highlight's dark text (Excel's "Neutral"). */
const FONTS = [
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
  '<font><sz val="11"/><color rgb="FF9C5700"/><name val="Calibri"/><family val="2"/></font>',
];
/** Fills: 0 and 1 are reserved by Excel (none, gray125); 2 the highlight's light yellow. */
const FILLS = [
  '<fill><patternFill patternType="none"/></fill>',
  '<fill><patternFill patternType="gray125"/></fill>',
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill>',
];

/** How a cell looks: its number format, bold (header), highlighted (the suggestion). */
export interface CellLook {
  /** The number format code, absent for General. */
  numFmt?: string | undefined;
  /** Bold text. */
  bold?: boolean;
  /** Light yellow fill, dark text. */
  highlight?: boolean;
}

/** The workbook's cell styles (`cellXfs`), made as cells ask for them. */
export class StyleTable {
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>([['||', 0]]);
  private readonly formats = new Map<string, number>();

  /** The `s` index of a look (0, the default, for a plain cell). */
  index(look: CellLook): number {
    const key = `${look.numFmt ?? ''}|${look.bold ? 'b' : ''}|${look.highlight ? 'h' : ''}`;
    let index = this.byKey.get(key);
    if (index !== undefined) return index;
    const numFmtId = look.numFmt ? this.formatId(look.numFmt) : 0;
    const fontId = look.highlight ? 2 : look.bold ? 1 : 0;
    const fillId = look.highlight ? 2 : 0;
    const apply = `${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}`;
    index = this.xfs.push(`<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"${apply}/>`) - 1;
    this.byKey.set(key, index);
    return index;
  }

  private formatId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    let id = this.formats.get(code);
    if (id === undefined) this.formats.set(code, (id = CUSTOM_FORMATS + this.formats.size));
    return id;
  }

  /** xl/styles.xml. */
  xml(): string {
    const numFmts = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`);
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${FONTS.length}">${FONTS.join('')}</fonts><fills count="${FILLS.length}">${FILLS.join('')}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

/** The start of the sheet: the frozen header row's view and the column widths, then `<sheetData>`. */
export function sheetStart(widths: readonly number[] | undefined): string {
  const view = widths
    ? '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
    : '<sheetView workbookViewId="0"/>';
  const cols = widths?.length ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>`;
}

/** The end of the sheet, with the autofilter over `range` (`A1:J42`) when there is a header. */
export function sheetEnd(range: string | undefined): string {
  return `</sheetData>${range ? `<autoFilter ref="${range}"/>` : ''}</worksheet>`;
}

/** The parts around the sheet: content types, relationships, the workbook (its tab name, the filter's name). */
export function packageParts(sheetName: string, filterRange: string | undefined): { name: string; xml: string }[] {
  const sheet = `'${sheetName.replaceAll("'", "''")}'`;
  // Excel keeps an autofilter's range as this hidden name (ECMA-376 part 1 §18.2.6, _xlnm._FilterDatabase).
  const absolute = filterRange?.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  const names = absolute ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${xmlText(`${sheet}!${absolute}`)}</definedName></definedNames>` : '';
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  return [
    {
      name: '[Content_Types].xml',
      xml:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    },
    { name: '_rels/.rels', xml: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>` },
    {
      name: 'xl/workbook.xml',
      xml: `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView/></bookViews><sheets><sheet name="${xmlAttr(sheetName)}" sheetId="1" r:id="rId1"/></sheets>${names}</workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      xml: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rel('rId1', 'worksheet', 'worksheets/sheet1.xml')}${rel('rId2', 'styles', 'styles.xml')}</Relationships>`,
    },
  ];
}
