/**
 * kwiga-validate as a library: the same engine as the CLI.
 *
 * ```ts
 * import { validateFile, validateRows } from 'kwiga-validate';
 * const report = await validateFile('contacts.csv', { offline: true, outDir: 'out' });
 * for await (const row of validateRows(['ivan@gmial.com'], { offline: true })) console.log(row.reason, row.suggestion);
 * const applied = await applyRun('out'); // after a person edited validation_action: writes out/import.csv
 * ```
 */
export { validateFile, defaultOutDir, type ValidateFileOptions, type Progress } from './pipeline/validate-file.js';
export { validateRows, type RowInput, type ValidatedRow, type ValidateRowsOptions } from './pipeline/validate-rows.js';
export { applyRun, type ApplyOptions } from './pipeline/apply/apply.js';
export { ApplyReportSchema, type ApplyReport } from './model/apply-report.js';
export { ACTIONS, DEFAULT_ACTIONS, type Action } from './model/actions.js';
export { getExitCode, evaluateGates, buildReport, OUTPUT_FILES, APPLY_FILES, type GateOptions } from './report/build.js';
export { ReportSchema, SmtpReportSchema, type DnsReport, type Report, type SmtpReport } from './model/report.js';
export { ConfigSchema, DEFAULT_CONFIG_FILE, type Config, type ConfigInput } from './model/config.js';
export { parseConfig, readConfigFile } from './pipeline/settings.js';
export { classify, type Classification } from './pipeline/classify.js';
export { DEFAULT_POLICY, type Policy } from './model/policy.js';
export { REASON_CODES, BUCKETS, type ReasonCode, type Bucket, type Finding } from './model/findings.js';
export { MESSAGE_ARGS, type Message, type MessageKey, type Warning } from './model/messages.js';
export { LANGUAGES, stringsFor, type Lang, type Strings } from './report/i18n/index.js';
export { renderDetail, renderFinding, renderMessage } from './report/i18n/render.js';
export type { RowResult, InputRow, AddressFacts } from './model/row.js';
export { KwigaError, type ErrorCode } from './model/errors.js';
export { DomainChecker, type DomainCheckerOptions } from './dns/domain-checker.js';
export { createUdpResolver, DnsQueryError, type DnsQueryErrorCode, type DnsResolver } from './dns/resolver.js';
export { VERSION } from './model/version.js';
