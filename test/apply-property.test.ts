/**
 * Issue 14's property: for any list and any set of decisions — keep, fix (with the suggestion or
 * another address), drop, or the row deleted — saved back by a spreadsheet program in any of the
 * ways Excel saves, import = clean ∪ kept ∪ fixed (less the refused ones), no row appears twice,
 * every input row is accounted for exactly once across import, dropped, deleted and refused, and
 * the order is the input's. Every row carries a unique id, so rows are told apart in import.csv.
 * A fixed seed keeps CI deterministic (FC_SEED explores others, FC_RUNS=10 runs longer).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRun, validateFile } from '../src/index.js';
import { tempDir } from './helpers/temp.js';
import { EditableSheet, readCsv, saveAsExcel, type SaveAs } from './helpers/spreadsheet.js';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 0x6170_706c;
const SCALE = Number(process.env.FC_RUNS ?? 1);

/** Cells that land in every bucket and reason: clean, typos, layout, look-alikes, role, duplicates, aliases, broken. */
const ADDRESSES = [
  'olena@gmail.com', 'Olena@gmail.com', 'o.lena+x@gmail.com', 'ivan@gmial.com', 'maria@hotmial.com', 'piotr@gmail.con',
  'info@ukr.net', 'x@mailinator.com', '', 'no-at.gmail.com', 'a@ukr.net; b@ukr.net', 'ефкфі@пьфшд.сщь', 'irуna@gmail.com',
  'bad@x@y.com', 'taras@i.ua', ' Jan <jan@wp.pl> ',
];
/** Notes with the characters CSV quoting is about. */
const NOTES = ['', 'plain', 'with, comma', 'with; semicolon', 'say "hi"', 'two\nlines', 'Олена'];

const decisionArb = fc.record({
  action: fc.constantFrom('keep', 'fix', 'drop', 'delete'),
  /** Replace validation_suggestion with one of ADDRESSES (index), or leave it. */
  suggestion: fc.option(fc.nat({ max: ADDRESSES.length - 1 }), { nil: undefined }),
});
const caseArb = fc.record({
  rows: fc.array(fc.record({ email: fc.nat({ max: ADDRESSES.length - 1 }), note: fc.nat({ max: NOTES.length - 1 }) }), { minLength: 1, maxLength: 25 }),
  decisions: fc.array(decisionArb, { minLength: 25, maxLength: 25 }),
  save: fc.constantFrom<SaveAs>({ delimiter: ';', encoding: 'windows-1251' }, { delimiter: ',', encoding: 'utf-8' }, { delimiter: '\t', encoding: 'utf-8' }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;

async function check({ rows, decisions, save }: Case): Promise<void> {
  const dir = tempDir('kwiga-apply-prop-');
  const input = join(dir, 'list.csv');
  const ids = rows.map((_, i) => `id${i + 1}`);
  writeFileSync(input, `id,Email,Note\n${rows.map((r, i) => [ids[i]!, ADDRESSES[r.email]!, NOTES[r.note]!].map(quote).join(',')).join('\n')}\n`);
  const outDir = join(dir, 'out');
  const run = await validateFile(input, { offline: true, outDir });

  // The person's decisions, by id; every flagged row gets one.
  const want = new Map<string, { action: string; suggestion: string; email: string }>();
  for (const file of ['review.csv', 'rejected.csv']) {
    const sheet = new EditableSheet(join(outDir, file));
    for (const row of [...sheet.rows]) {
      const id = row[0]!;
      const decision = decisions[ids.indexOf(id)]!;
      const line = Number(row[sheet.column('validation_line')]);
      if (decision.suggestion !== undefined) sheet.set(line, 'validation_suggestion', ADDRESSES[decision.suggestion]!);
      if (decision.action === 'delete') sheet.delete(line);
      else sheet.set(line, 'validation_action', decision.action);
      want.set(id, { action: decision.action, suggestion: row[sheet.column('validation_suggestion')]!, email: row[1]! });
    }
    saveAsExcel(join(outDir, file), sheet.all(), save);
  }

  const report = await applyRun(outDir);
  const imported = readCsv(join(outDir, 'import.csv')).slice(1);
  const problems = new Set(readCsv(join(outDir, 'apply-problems.csv')).slice(1).map((r) => r[0]!));
  const cleanIds = new Set(readCsv(join(outDir, 'clean.csv')).slice(1).map((r) => r[0]!));
  const importedIds = imported.map((r) => r[0]!);

  // Input order, no row twice.
  const positions = importedIds.map((id) => ids.indexOf(id));
  expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)), importedIds.join(' ')).toBe(true);
  // import = clean ∪ keep ∪ fix, less the refused; refused ones were keeps or fixes.
  const chosen = (action: string) => [...want].filter(([, d]) => d.action === action).map(([id]) => id);
  for (const id of problems) expect(['keep', 'fix'], id).toContain(want.get(id)?.action);
  const expected = new Set([...cleanIds, ...chosen('keep'), ...chosen('fix')].filter((id) => !problems.has(id)));
  expect(new Set(importedIds)).toEqual(expected);
  // Every row once across import, dropped, deleted and refused.
  const accounted = [...importedIds, ...chosen('drop'), ...chosen('delete'), ...problems].sort();
  expect(accounted).toEqual([...ids].sort());
  expect(report.totals).toMatchObject({
    rows: ids.length, imported: importedIds.length, clean: cleanIds.size, dropped: chosen('drop').length, deleted: chosen('delete').length, refused: problems.size,
  });
  expect(report.totals.rows).toBe(run.totals.rows);
  // Each imported row: its own note, and the address the decision asked for.
  for (const [id, email, note] of imported) {
    const row = rows[ids.indexOf(id!)]!;
    expect(note, id).toBe(NOTES[row.note]);
    const decision = want.get(id!);
    if (decision?.action === 'fix') expect(email, id).toBe(decision.suggestion.trim().replace(/^Jan <(.*)>$/, '$1'));
    if (decision?.action === 'keep') expect(email, id).toBe(decision.email.trim().replace(/^Jan <(.*)>$/, '$1'));
  }
  expect(readFileSync(join(outDir, 'apply-report.json'), 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
}

describe('apply on random decisions', () => {
  it('import = clean ∪ keep ∪ fix, every row once, in input order', async () => {
    await fc.assert(fc.asyncProperty(caseArb, check), { numRuns: 60 * SCALE, seed: SEED });
  }, 120_000 * SCALE);
});
