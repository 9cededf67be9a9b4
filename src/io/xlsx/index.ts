/**
 * Spreadsheets: `.xlsx` in (a second reader behind the CSV reader's `InputReader`) and out (an
 * atomic writer of typed cells). Everything else in this folder is internal to these.
 *
 * ```ts
 * if (looksLikeContainer(head) && (await detectWorkbook(path)) === 'xlsx') {
 *   const reader = await openWorkbook(path, { sheet: options.sheet, emailColumn, signal });
 *   for await (const rows of reader.rows()) … // rows[i].fields as a person sees them, rows[i].cells typed
 * }
 * ```
 */
export { openWorkbook, type WorkbookOptions, type WorkbookReader, type WorkbookMeta, type XlsxInputRow } from './reader.js';
export { AtomicXlsxWriter, sheetTitle, type XlsxWriteValue, type XlsxHeaderOptions } from './writer.js';
export { cellText, EMPTY_CELL, type XlsxCell } from './cell.js';
export { detectWorkbook, looksLikeContainer, refuseSpreadsheet, sniffSpreadsheet, type SpreadsheetFormat } from './detect.js';
export { DEFAULT_LIMITS, type WorkbookLimits } from './limits.js';
export { damaged } from './zip.js';
