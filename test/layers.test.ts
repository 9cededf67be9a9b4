/**
 * Imports run one way: cli → pipeline → the stages and report → model (README, "Code layout").
 * A lower folder importing a higher one fails here, naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** What each folder may import besides itself (the file src/index.ts, the library's door, may import anything). */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  address: ['model'],
  io: ['model'],
  dns: ['model'],
  smtp: [],
  checks: ['model', 'address'],
  suppression: ['model', 'address', 'io'],
  report: ['model', 'io'],
  pipeline: ['model', 'address', 'io', 'dns', 'smtp', 'checks', 'suppression', 'report'],
  cli: ['model', 'pipeline', 'report'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0]!;

/** Every relative import of every source file: [file, its folder, the imported folder]. */
const edges = sources(SRC).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => {
    const target = resolve(dirname(file), m[1]!);
    return { file: relative(SRC, file), from: folderOf(file), to: folderOf(target), spec: m[1]! };
  });
});

describe('the layout', () => {
  it('has exactly the documented folders', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort());
    // Only the library's entry point sits at the top.
    expect(readdirSync(SRC).filter((f) => f.endsWith('.ts'))).toEqual(['index.ts']);
  });

  it('imports run one way only (a lower folder never imports a higher one)', () => {
    const wrong = edges
      .filter((e) => e.from !== 'index.ts' && e.from !== e.to && !ALLOWED[e.from]!.includes(e.to))
      .map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
    expect(wrong).toEqual([]);
  });

  it('each folder says what it is in a header comment of its main file', () => {
    const MAIN: Record<string, string> = {
      model: 'findings.ts', address: 'extract.ts', io: 'table.ts', dns: 'domain-checker.ts', checks: 'domain-facts.ts',
      suppression: 'index.ts', report: 'build.ts', pipeline: 'engine.ts', cli: 'main.ts', smtp: 'index.ts',
    };
    expect(Object.keys(MAIN).sort()).toEqual(Object.keys(ALLOWED).sort());
    for (const [folder, file] of Object.entries(MAIN)) {
      const text = readFileSync(join(SRC, folder, file), 'utf8');
      expect(text, folder).toMatch(new RegExp(`^/\\*\\*\\n \\* The \`${folder}/\` folder: `));
    }
  });
});
