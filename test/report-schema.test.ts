import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../src/report/json-schema.js';
import { ReportSchema } from '../src/model/report.js';
import { makeFixture } from './helpers/report-fixture.js';

describe('generated JSON Schema files', () => {
  it.each(Object.keys(schemaFiles()))('%s is up to date (run npm run build && node scripts/gen-schema.mjs)', (path) => {
    const onDisk = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    expect(onDisk).toBe(schemaFiles()[path]);
  });

  it('report schema: draft 2020-12, schemaVersion 1, SPEC fields required, open to added fields', () => {
    const schema = JSON.parse(schemaFiles()['schema/report.schema.json']!) as {
      $schema: string;
      required: string[];
      additionalProperties?: unknown;
      properties: { schemaVersion: { const: number } };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.schemaVersion.const).toBe(1);
    for (const key of ['schemaVersion', 'tool', 'input', 'totals', 'reasons', 'dns', 'domains', 'outputs', 'durationMs']) {
      expect(schema.required).toContain(key);
    }
    expect(schema.additionalProperties).toBeUndefined();
  });

  it('config schema rejects unknown keys, like the zod schema does', () => {
    const schema = JSON.parse(schemaFiles()['schema/config.schema.json']!) as { additionalProperties: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['outDir', 'lang', 'policy', 'failOnRejected']));
  });
});

describe('reports built in this suite match the zod schema', () => {
  it.each([
    ['dns ok, gates', {}],
    ['offline, no gates', { dns: 'offline' as const, gates: false }],
    ['dns unavailable', { dns: 'unavailable' as const }],
  ])('%s', (_name, options) => {
    const { report } = makeFixture(options);
    expect(ReportSchema.safeParse(report).success).toBe(true);
    expect(report.totals.clean + report.totals.review + report.totals.rejected).toBe(report.totals.rows);
  });
});
