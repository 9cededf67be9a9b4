#!/usr/bin/env node
// Writes schema/report.schema.json and schema/config.schema.json from the zod schemas.
// Run after `npm run build` (it imports the compiled module): `node scripts/gen-schema.mjs`.
// `--check` exits 1 instead of writing when a file is out of date (for CI).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { schemaFiles } = await import(join(root, 'dist/report/json-schema.js'));
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, text] of Object.entries(schemaFiles())) {
  const file = join(root, path);
  const old = await readFile(file, 'utf8').catch(() => '');
  if (old === text) continue;
  if (check) {
    console.error(`${path} is out of date: run npm run build && node scripts/gen-schema.mjs`);
    stale++;
    continue;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  console.log(`wrote ${path}`);
}
process.exitCode = stale ? 1 : 0;
