/** The small HTML builders report.html's sections share (html.ts, html-smtp.ts). */
import { escapeHtml as esc } from './charts.js';

/** A section with its heading, labelled for screen readers. */
export const section = (id: string, title: string, content: string): string =>
  `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(title)}</h2>\n${content}\n</section>`;
/** A number cell. */
export const num = (text: string): string => `<td class="num">${esc(text)}</td>`;
/** A table in a scrolling box. */
export const table = (cls: string, head: string[], rows: string[]): string =>
  `<div class="scroll"><table class="${cls}"><thead><tr>${head.join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
/** A column header. */
export const th = (text: string, cls = ''): string => `<th scope="col"${cls ? ` class="${cls}"` : ''}>${esc(text)}</th>`;
