/**
 * The one door for any input (src/io/open-input.ts): content decides between the CSV reader and
 * the workbook reader, and the workbook code is loaded only for a workbook: nothing a CSV run
 * loads imports src/io/xlsx or exceljs (checked on the built files, import by import).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContainer, openAnyInput } from '../src/io/open-input.js';
import { FIXTURES, tempDir } from './helpers/cli.js';

const DIST = resolve(import.meta.dirname, '../dist');

/** Every module the file at `entry` loads before running: static imports, followed. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string>; dynamic: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    // `import … from '…'` and `export … from '…'`, but not `import('…')`.
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;(]*?from\s*'([^']+)'|^\s*import\s*'([^']+)'/gm)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
    for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) dynamic.add(m[1]!.startsWith('.') ? relative(DIST, resolve(dirname(file), m[1]!)) : m[1]!);
  };
  visit(entry);
  return { files, packages, dynamic };
}

describe('a CSV run pays nothing for spreadsheets', () => {
  it.each(['cli/main.js', 'index.js'])('dist/%s loads neither src/io/xlsx nor exceljs until a workbook comes', (entry) => {
    const { files, packages, dynamic } = staticGraph(join(DIST, entry));
    const loaded = [...files].map((f) => relative(DIST, f));
    expect(loaded).toContain('io/open-input.js');
    expect(loaded.filter((f) => f.startsWith('io/xlsx') || f === 'io/xlsx-output.js')).toEqual([]);
    expect(packages).not.toContain('exceljs');
    // …and they are there to be loaded when one does.
    expect(dynamic).toContain('io/xlsx/index.js');
    expect(dynamic).toContain('io/xlsx-output.js');
  });
});

describe('openAnyInput', () => {
  it('by content: a workbook named .csv is a workbook, a CSV is a CSV', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'xlsx/students-libreoffice.xlsx'), join(dir, 'list.csv'));
    const workbook = await openAnyInput(join(dir, 'list.csv'), { sheet: 'Archive 2023' });
    expect(workbook.meta).toMatchObject({ format: 'xlsx', sheet: 'Archive 2023' });
    const csv = await openAnyInput(join(FIXTURES, 'example-contacts.csv'), { sheet: 'ignored' });
    expect(csv.meta.format).toBe('csv');
    expect(csv.meta.sheet).toBeUndefined();
  });

  it('isContainer: ZIP and OLE2 magic only', () => {
    expect(isContainer(Buffer.from('PK\x03\x04rest'))).toBe(true);
    expect(isContainer(Buffer.from('PK\x05\x06'))).toBe(true);
    expect(isContainer(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe(true);
    expect(isContainer(Buffer.from('PK,Email\n'))).toBe(false);
    expect(isContainer(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe(false);
    expect(isContainer(Buffer.from(''))).toBe(false);
  });
});
