/**
 * JSON Schema documents generated from the zod schemas (zod 4's `z.toJSONSchema`), shipped in the
 * package under `schema/` so other tools can validate report.json and config files without
 * running our code. `scripts/gen-schema.mjs` writes them; test/report-schema.test.ts fails when the
 * files drift from the zod schemas.
 */
import { z } from 'zod';
import { ConfigSchema } from '../model/config.js';
import { ReportSchema } from '../model/report.js';
import { ApplyReportSchema } from '../model/apply-report.js';

/** Paths (relative to the package root) and their generated JSON text. */
export type SchemaFiles = Record<string, string>;

const BASE = 'https://kwiga.com/schemas/kwiga-validate';

/** report.json's JSON Schema (draft 2020-12): the document as written (zod's output side), open to added fields. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...openSchema(ReportSchema),
    $id: `${BASE}/report.schema.json`,
    title: 'kwiga-validate report.json (schemaVersion 1)',
  };
}

/** apply-report.json's JSON Schema, open to added fields like report.json's. */
export function applyReportJsonSchema(): Record<string, unknown> {
  return {
    ...openSchema(ApplyReportSchema),
    $id: `${BASE}/apply-report.schema.json`,
    title: 'kwiga-validate apply-report.json (schemaVersion 1)',
  };
}

/** A document's schema as written (zod's output side), with every object left open. */
function openSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    // SPEC: "More fields may be added; these keep their meaning." A consumer holding this
    // schema must accept a newer report, so objects stay open (zod's output side closes them).
    override: (ctx) => {
      if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
}

/**
 * The config file's JSON Schema: what a user may write (zod's input side, before flags are
 * normalised). Transforms and preprocessors cannot be expressed in JSON Schema; their input side
 * is emitted as "any value" (`unrepresentable: 'any'`), and the CLI still validates with zod.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    $id: `${BASE}/config.schema.json`,
    title: 'kwiga-validate config file',
  };
}

/** Every generated file, as it should be on disk (2-space JSON, final newline). */
export function schemaFiles(): SchemaFiles {
  const text = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'schema/report.schema.json': text(reportJsonSchema()),
    'schema/config.schema.json': text(configJsonSchema()),
    'schema/apply-report.schema.json': text(applyReportJsonSchema()),
  };
}
