import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/report/summary.js';
import { makeFixture } from './helpers/report-fixture.js';

const { report } = makeFixture();
const plain = formatSummary(report, { color: false, outDir: 'out' });
const color = formatSummary(report, { color: true, outDir: 'out' });
const ESC = '\u001b';

describe('formatSummary snapshots', () => {
  it('plain (FORCE_COLOR=0 / --no-color / no TTY)', async () => {
    await expect(plain).toMatchFileSnapshot('__snapshots__/summary-plain.txt');
  });
  it('colour (forced)', async () => {
    await expect(color).toMatchFileSnapshot('__snapshots__/summary-color.txt');
  });
  it('offline run without gates', async () => {
    const text = formatSummary(makeFixture({ dns: 'offline', gates: false }).report, { color: false, outDir: '/tmp/out' });
    await expect(text).toMatchFileSnapshot('__snapshots__/summary-offline.txt');
  });
});

describe('formatSummary', () => {
  it('colour is decided by the option, never by the environment', () => {
    expect(plain).not.toContain(ESC);
    expect(color).toContain(`${ESC}[31m`);
    const words = (text: string) => text.replace(/\u001b\[\d+m/g, '').replace(/[✔▲✖] /g, '').replace(/ +/g, ' ');
    expect(words(color)).toBe(words(plain));
  });

  it.each([
    ['possible_typo', 42, 'open review.csv; the validation_suggestion column has the fix'],
    ['domain_not_found', 20, 'these would hard-bounce; ask the contact for a working address'],
    ['malformed_row', 1, 'open rejected.csv; validation_detail holds the original text of the line'],
  ])('%s: count and what to do on one line', (code, count, advice) => {
    expect(plain).toMatch(new RegExp(`^  ${code} +${count} — ${advice.replace(/[.;]/g, '\\$&')}$`, 'm'));
  });

  it('lists no reason with zero rows', () => {
    expect(plain).not.toContain('disposable');
  });

  it('aligns totals and percentages in columns', () => {
    const lines = plain.split('\n').filter((l) => /^  (Clean|Review|Rejected|Rows read) /.test(l));
    expect(lines).toHaveLength(4);
    // label column 15 wide, then the counts right-aligned to the widest ("1 740")
    for (const line of lines) expect(line.slice(15, 20)).toMatch(/^[ \d]{4}\d$/);
    expect(new Set(lines.slice(0, 3).map((l) => l.length)).size).toBe(1);
    expect(plain).toContain('1 650   94.8%');
  });

  it.each([
    ['totals', 'Rows read    1 740'],
    ['files', 'review.csv      46 rows'],
    ['out dir', 'Files in out'],
    ['dns', 'DNS          ok: 8 domains, 11 lookups, 0 errors'],
    ['suppression', '3 of 1 200 entries matched (suppressed_hard_bounce 3); 2 not understood'],
    ['failed gate', '--fail-on-rejected 2%: failed — 2.53% rejected, 0.53 points over the limit'],
    ['passed gate', '--fail-on-review 5%: passed — 2.64% in review'],
    ['speed', 'Done in 1.2 s · 1 410 rows/s'],
  ])('%s', (_name, text) => {
    expect(plain).toContain(text);
  });

  it('shows control characters from input values as U+FFFD (no terminal escapes from a file name)', () => {
    const evil = { ...report, input: { ...report.input, file: 'a\u001b]0;pwned\u0007.csv', emailColumn: 'e\u009bmail' } };
    const text = formatSummary(evil, { color: false, outDir: 'out' });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('a\ufffd]0;pwned\ufffd.csv');
  });

  it('an empty run: no rows/s, no reasons', () => {
    const empty = makeFixture({ gates: false }).report;
    const text = formatSummary(
      { ...empty, totals: { rows: 0, clean: 0, review: 0, rejected: 0 }, reasons: Object.fromEntries(Object.keys(empty.reasons).map((k) => [k, 0])) as typeof empty.reasons, durationMs: 0 },
      { color: false, outDir: 'out' },
    );
    expect(text).toContain('No problems found');
    expect(text).toContain('Done in 0.0 s\n');
  });
});
