import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ReportSchema, type Report } from '../../src/model/report.js';
import { ApplyReportSchema, type ApplyReport } from '../../src/model/apply-report.js';

/** The published JSON Schema (schema/report.schema.json), compiled once. */
const validateJson = new Ajv2020({ strict: false, allErrors: true }).compile(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/report.schema.json'), 'utf8')) as object,
);

/**
 * Every report.json the suite produces is checked against both the exported zod schema and the
 * published JSON Schema, so neither can drift from what the tool writes.
 */
export function checkReport(document: unknown): Report {
  if (!validateJson(document)) {
    throw new Error(`report.json does not match schema/report.schema.json: ${JSON.stringify(validateJson.errors)}`);
  }
  return ReportSchema.parse(document);
}

/** Reads and checks `<dir>/report.json`. */
export function readReport(dir: string): Report {
  return checkReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
}

/** The published apply-report JSON Schema (schema/apply-report.schema.json), compiled once. */
const validateApplyJson = new Ajv2020({ strict: false, allErrors: true }).compile(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/apply-report.schema.json'), 'utf8')) as object,
);

/** Reads `<dir>/apply-report.json` and checks it against the zod schema and the published JSON Schema. */
export function readApplyReport(dir: string): ApplyReport {
  const document: unknown = JSON.parse(readFileSync(join(dir, 'apply-report.json'), 'utf8'));
  if (!validateApplyJson(document)) {
    throw new Error(`apply-report.json does not match schema/apply-report.schema.json: ${JSON.stringify(validateApplyJson.errors)}`);
  }
  return ApplyReportSchema.parse(document);
}
