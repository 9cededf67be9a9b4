/**
 * A cell's typed value (what the xlsx writer writes back) and its text as a person sees it (what
 * every check and the CSV outputs get).
 */
import { dateParts, formatDate, formatNumber, serialToDate } from './numfmt.js';

/** A cell as read: typed, so a writer can give it back as the same kind of cell. */
export type XlsxCell =
  | {
      /** No value. */
      type: 'empty';
    }
  | {
      /** Text, shared or inline, rich text joined, or a formula's text result. */
      type: 'text';
      /** The text. */
      value: string;
    }
  | {
      /** A number that is not a date. */
      type: 'number';
      /** The number. */
      value: number;
      /** The input's number format (`0.00`, `00000`, `0%`), absent for General. */
      numFmt?: string;
    }
  | {
      /** A number shown as a date or time by its format. */
      type: 'date';
      /** The wall-clock date and time, in the Date's UTC fields (a workbook has no time zone). */
      value: Date;
      /** The input's number format (`dd.mm.yyyy`). */
      numFmt: string;
    }
  | {
      /** TRUE or FALSE. */
      type: 'boolean';
      /** The value. */
      value: boolean;
    }
  | {
      /** An error value (`#N/A`, `#REF!`), kept as written. */
      type: 'error';
      /** The error as Excel writes it. */
      value: string;
    };

/** The one empty cell, shared (rows are mostly made of them). */
export const EMPTY_CELL: XlsxCell = Object.freeze({ type: 'empty' });

/** The value shapes exceljs's streaming WorksheetReader produces. */
type ExcelValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: { text?: string | null }[] }
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { error: string }
  | { sharedString: number };

/**
 * Types a value read by exceljs (formulas were dropped in xml-filter.ts, so a cached value comes
 * as a plain value; a formula here has its result typed the same way). A Date from
 * exceljs is taken back to its serial number and read again: exceljs's own conversion is wrong
 * for days before 1900-03-01, and it decides "date" by a looser test of the format. ISO date
 * cells (`t="d"`) come as text too, and are dates when their format is one.
 */
export function toCell(value: unknown, numFmt: string | undefined, date1904: boolean): XlsxCell {
  const v = value as ExcelValue;
  if (v === null || v === undefined) return EMPTY_CELL;
  if (typeof v === 'string') return text(v, numFmt);
  if (typeof v === 'number') return number(v, numFmt, date1904);
  if (typeof v === 'boolean') return { type: 'boolean', value: v };
  // exceljs turned a date-formatted number into a Date (utils.excelToDate); take it back to the serial.
  if (v instanceof Date) return number(v.getTime() / 86_400_000 + 25_569 - (date1904 ? 1462 : 0), numFmt, date1904);
  if ('richText' in v) return text(v.richText.map((run) => run.text ?? '').join(''), undefined);
  if ('error' in v) return { type: 'error', value: v.error };
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? EMPTY_CELL : toCell(v.result, numFmt, date1904);
  return EMPTY_CELL;
}

/** An ISO 8601 date cell (`t="d"`, read as text): local date and time, no zone. */
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?Z?)?$/;

/** ECMA-376 part 1 §22.9.2.19 (ST_Xstring): `_x000D_` stands for a character XML cannot hold as is. */
const XSTRING_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function text(raw: string, numFmt: string | undefined): XlsxCell {
  if (raw === '') return EMPTY_CELL;
  const value = raw.includes('_x') ? raw.replace(XSTRING_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
  const iso = numFmt && dateParts(numFmt) ? ISO_DATE.exec(value) : null;
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = iso;
    return { type: 'date', value: new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec)), numFmt: numFmt! };
  }
  return { type: 'text', value };
}

function number(value: number, numFmt: string | undefined, date1904: boolean): XlsxCell {
  if (!Number.isFinite(value)) return EMPTY_CELL;
  const format = numFmt && !/^general$/i.test(numFmt) ? numFmt : undefined;
  if (format && dateParts(format)) {
    const date = serialToDate(value, date1904);
    if (date) return { type: 'date', value: date, numFmt: format };
  }
  return format ? { type: 'number', value, numFmt: format } : { type: 'number', value };
}

/** The cell as a person sees it. */
export function cellText(cell: XlsxCell): string {
  switch (cell.type) {
    case 'empty':
      return '';
    case 'text':
    case 'error':
      return cell.value;
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'number':
      return formatNumber(cell.value, cell.numFmt);
    case 'date':
      return formatDate(cell.value, dateParts(cell.numFmt)!);
  }
}
