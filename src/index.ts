/**
 * kwiga-validate as a library: the same engine as the CLI.
 *
 * ```ts
 * import { validateFile, validateRows } from 'kwiga-validate';
 * const report = await validateFile('contacts.csv', { offline: true, outDir: 'out' });
 * for await (const row of validateRows(['ivan@gmial.com'], { offline: true })) console.log(row.reason, row.suggestion);
 * ```
 */
export { validateFile, defaultOutDir, type ValidateFileOptions, type Progress } from './run.js';
export { validateRows, type RowInput, type ValidatedRow, type ValidateRowsOptions } from './rows.js';
export { getExitCode, evaluateGates, buildReport, OUTPUT_FILES, type GateOptions } from './report/report.js';
export { ReportSchema, type Report } from './report/schema.js';
export { ConfigSchema, parseConfig, readConfigFile, DEFAULT_CONFIG_FILE, type Config, type ConfigInput } from './config.js';
export { classify, type Classification } from './classify.js';
export { DEFAULT_POLICY, type Policy } from './policy.js';
export { REASON_CODES, BUCKETS, type ReasonCode, type Bucket, type Finding } from './findings.js';
export { MESSAGE_ARGS, type Message, type MessageKey, type Warning } from './model/messages.js';
export { LANGUAGES, stringsFor, type Lang, type Strings } from './report/i18n/index.js';
export { renderDetail, renderFinding, renderMessage } from './report/i18n/render.js';
export type { RowResult, InputRow, AddressFacts } from './row.js';
export { KwigaError, type ErrorCode } from './errors.js';
export { DomainChecker, type DomainCheckerOptions, type DnsReport } from './dns/checker.js';
export { createUdpResolver, type DnsResolver } from './dns/resolver.js';
export { VERSION } from './version.js';
