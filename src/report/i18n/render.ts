/**
 * The output edge of findings: message data in, sentences out, in the language asked for. Used
 * for validation_detail (review.csv, rejected.csv), for `validateRows` results, and for warnings.
 */
import type { Finding } from '../../model/findings.js';
import type { Message, MessageValue, Warning } from '../../model/messages.js';
import type { RowResult } from '../../model/row.js';
import { fill, type Strings } from './index.js';

/** The sentence of one message; `suggestion` fills a `{suggestion}` the message does not carry. */
export function renderMessage(message: Message | Warning, s: Strings, suggestion?: string): string {
  const template = message.why in s.messages ? s.messages[message.why as Message['why']] : s.warnings[message.why as Warning['why']];
  const args = message.args as Readonly<Record<string, MessageValue>> | undefined;
  return fill(template, suggestion === undefined ? args : { suggestion, ...args });
}

/** One finding as a sentence, naming the other address column that holds its fix. */
export function renderFinding(finding: Finding, s: Strings): string {
  const sentence = renderMessage(finding, s, finding.suggestion ?? '');
  if (finding.otherColumn === undefined || finding.suggestion === undefined) return sentence;
  return `${sentence} ${fill(s.otherColumn, { column: finding.otherColumn, suggestion: finding.suggestion })}`;
}

/**
 * validation_detail: the primary finding's sentence first, then every other finding's, each
 * once; empty for a row without findings.
 */
export function renderDetail(result: Pick<RowResult, 'findings' | 'primary'>, s: Strings): string {
  const { findings, primary } = result;
  if (findings.length === 0) return '';
  const first = primary ?? findings[0]!;
  const sentences = [renderFinding(first, s)];
  for (const finding of findings) {
    if (finding === first) continue;
    const sentence = renderFinding(finding, s);
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences.join(' ');
}
