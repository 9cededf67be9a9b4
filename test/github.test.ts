import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotations, escapeData, escapeProperty, githubOutputs, markdownSummary, MAX_ANNOTATIONS } from '../src/cli/github.js';
import { en } from '../src/report/i18n/en.js';

const REASONS = en.reasons;
import type { Report } from '../src/model/report.js';
import { tempDir } from './helpers/cli.js';
import { HOSTILE, makeFixture } from './helpers/report-fixture.js';

/** The fixture report (hostile file name, 1 740 rows) with some fields replaced. */
const reportWith = (patch: Partial<Report> = {}): Report => ({ ...makeFixture().report, ...patch });
/** Only the given examples (everything else from the fixture). */
const withExamples = (examples: Report['examples'], patch: Partial<Report> = {}) => reportWith({ examples, ...patch });

/** `::level file=F,line=N,title=T::message` split into its parts. */
function parse(line: string) {
  const m = /^::(error|warning) file=([^,]*),line=(\d+),title=([^:]*)::(.*)$/.exec(line);
  expect(m, line).not.toBeNull();
  return { level: m![1], file: m![2], line: Number(m![3]), title: m![4], message: m![5] };
}

describe('workflow-command escaping (as @actions/core)', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['50%', '50%25', '50%25'],
    ['a:b', 'a:b', 'a%3Ab'],
    ['a,b', 'a,b', 'a%2Cb'],
    ['two\nlines\r\n', 'two%0Alines%0D%0A', 'two%0Alines%0D%0A'],
    ['%0A literal', '%250A literal', '%250A literal'],
    ['::error file=x::y', '::error file=x::y', '%3A%3Aerror file=x%3A%3Ay'],
  ])('%j', (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });
});

describe('annotations', () => {
  it('one line each, properties and message escaped, hostile text kept inert', () => {
    const file = 'lists/a,b:c%\n.csv';
    const lines = annotations(
      withExamples(
        { invalid_syntax: [{ line: 7, address: 'bad\n::error file=x,line=1::pwned' }], possible_typo: [{ line: 3, address: 'ol***@gmial.com', suggestion: 'ol***@gmail.com' }] },
        { input: { ...reportWith().input, file } },
      ),
    );
    expect(lines).toEqual([
      `::warning file=lists/a%2Cb%3Ac%25%0A.csv,line=3,title=possible_typo::ol***@gmial.com → ol***@gmail.com: ${REASONS.possible_typo.title}`,
      `::error file=lists/a%2Cb%3Ac%25%0A.csv,line=7,title=invalid_syntax::bad%0A::error file=x,line=1::pwned: ${REASONS.invalid_syntax.title}`,
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('rejected reasons are errors, review reasons warnings; at most MAX_ANNOTATIONS of each, by line', () => {
    const lines = annotations(reportWith()).map(parse);
    const errors = lines.filter((l) => l.level === 'error');
    const warnings = lines.filter((l) => l.level === 'warning');
    expect(errors).toHaveLength(MAX_ANNOTATIONS);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(MAX_ANNOTATIONS);
    expect(lines.map((l) => l.line)).toEqual([...lines.map((l) => l.line)].sort((a, b) => a - b));
    for (const l of errors) expect(['invalid_syntax', 'duplicate', 'domain_not_found', 'suppressed_hard_bounce', 'malformed_row']).toContain(l.title);
    for (const l of warnings) expect(['possible_typo', 'role_account']).toContain(l.title);
    expect(lines.map((l) => l.message).join('\n')).not.toContain('<img');
  });

  it.each<[string, Report['policy'], string[]]>([
    ['default policy', undefined, ['error', 'warning']],
    ['role_account sent to clean: no annotation', { role_account: 'clean' }, ['error']],
    ['duplicate sent to review: a warning', { duplicate: 'review', role_account: 'rejected' }, ['warning', 'error']],
  ])('levels follow the run policy: %s', (_name, policy, levels) => {
    const examples = { duplicate: [{ line: 2, address: 'a***@x.com' }], role_account: [{ line: 5, address: 'info@x.com' }] };
    const report = withExamples(examples, policy ? { policy: { ...reportWith().policy, ...policy } } : { policy: undefined });
    expect(annotations(report).map((l) => parse(l).level)).toEqual(levels);
  });

  it.each([
    ['relative path, no workspace', 'lists/students.csv', undefined, 'lists/students.csv'],
    ['absolute path inside the workspace', '/home/runner/work/repo/repo/lists/students.csv', '/home/runner/work/repo/repo', 'lists/students.csv'],
    ['absolute path outside the workspace', '/tmp/students.csv', '/home/runner/work/repo/repo', '/tmp/students.csv'],
    ['relative to the working directory', 'lists/students.csv', process.cwd(), 'lists/students.csv'],
    ['standard input', '-', '/home/runner/work', 'stdin'],
  ])('file= is relative to the workspace: %s', (_name, file, workspace, expected) => {
    const report = withExamples({ duplicate: [{ line: 2, address: 'a***@x.com' }] }, { input: { ...reportWith().input, file } });
    expect(parse(annotations(report, workspace)[0]!).file).toBe(escapeProperty(expected));
  });

  it('no examples, no annotations', () => {
    expect(annotations(withExamples({}))).toEqual([]);
  });
});

describe('markdownSummary', () => {
  it('totals, reasons and gates as Markdown', () => {
    const text = markdownSummary(reportWith(), '/out');
    expect(text).toContain('| clean | 1650 | 94.83% |');
    expect(text).toContain('| review | 46 | 2.64% |');
    expect(text).toContain('| rejected | 44 | 2.53% |');
    expect(text).toContain('| **total** | **1740** | |');
    expect(text).toMatch(/^\| `possible_typo` \| 42 \| .+ \|$/m);
    expect(text).toContain('- ❌ `--fail-on-rejected 2`: 2.53% of rows (failed, 0.53 points over)');
    expect(text).toContain('- ✅ `--fail-on-review 5`: 2.64% of rows (passed)');
    expect(text).toContain('Results in `/out`; DNS: ok.');
  });

  it('an SMTP run adds its status and answers to the last line', () => {
    const base = reportWith();
    const smtp = {
      ...base.smtp,
      status: 'stopped' as const,
      reason: 'policy_rate' as const,
      probes: 130,
      sessions: 7,
      answers: { exists: 100, not_found: 12, full: 1, catch_all: 9, unverified: 8, skipped: 3 },
    };
    expect(markdownSummary(reportWith({ smtp }), '/out')).toContain(
      'Results in `/out`; DNS: ok; SMTP: stopped (policy_rate), 130 RCPTs in 7 sessions: 100 exist, 12 not found, 1 full, 9 catch-all, 8 unverified.',
    );
  });

  it('reasons sorted by rows, then by code (deterministic)', () => {
    const codes = [...markdownSummary(reportWith(), '/out').matchAll(/^\| `([a-z_]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])] as const);
    const sorted = [...codes].sort((a, b) => b[1] - a[1] || (a[0]! < b[0]! ? -1 : 1));
    expect(codes).toEqual(sorted);
  });

  it('a hostile file name or folder cannot break the heading, a table or a code span', () => {
    const file = 'evil | name\n# injected heading `code`.csv';
    const text = markdownSummary(reportWith({ input: { ...reportWith().input, file } }), '/out/`x`|y\nz');
    expect(text.split('\n')[0]).toBe("### kwiga-validate: evil \\| name # injected heading 'code'.csv");
    expect(text).not.toMatch(/^# injected/m);
    expect(text).toContain("Results in `/out/'x'|y z`");
  });

  it('no gates, no gate lines; no problems, no reason table', () => {
    const report = reportWith({ gates: [], reasons: {} as Report['reasons'] });
    const text = markdownSummary(report, '/out');
    expect(text).not.toContain('--fail-on');
    expect(text).not.toContain('| reason |');
  });
});

describe('githubOutputs', () => {
  const capture = () => {
    const written: string[] = [];
    return { written, stream: { write: (text: string) => written.push(text) } };
  };

  it.each([undefined, 'false', '1', 'TRUE', ''])('writes nothing when GITHUB_ACTIONS is %j', async (value) => {
    const summary = join(tempDir('kwiga-gh-'), 'summary.md');
    const { written, stream } = capture();
    await githubOutputs(reportWith(), '/out', { env: { GITHUB_ACTIONS: value, GITHUB_STEP_SUMMARY: summary }, stream });
    expect(written).toEqual([]);
    expect(existsSync(summary)).toBe(false);
  });

  it('under GitHub Actions appends the summary and prints the annotations', async () => {
    const summary = join(tempDir('kwiga-gh-'), 'summary.md');
    const { written, stream } = capture();
    const report = reportWith();
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    await githubOutputs(report, '/out', { env, stream });
    await githubOutputs(report, '/out', { env, stream: capture().stream });
    expect(readFileSync(summary, 'utf8')).toBe(markdownSummary(report, '/out').repeat(2));
    expect(written).toEqual(annotations(report).map((line) => `${line}\n`));
  });

  it('without GITHUB_STEP_SUMMARY, or when it cannot be written, still annotates and never throws', async () => {
    for (const summary of [undefined, join(tempDir('kwiga-gh-'), 'missing-folder', 'summary.md')]) {
      const { written, stream } = capture();
      await expect(githubOutputs(reportWith(), '/out', { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, stream })).resolves.toBeUndefined();
      expect(written.length).toBeGreaterThan(0);
    }
  });

  it('HTML in a file name is shown as text, not rendered', () => {
    const text = markdownSummary(reportWith(), '/out/<b>');
    expect(text.split('\n')[0]).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror="window.__pwned=2"&gt;.csv');
    // A code span shows its text literally: no entities there.
    expect(text).toContain('Results in `/out/<b>`');
    expect(HOSTILE.file).toContain('<img');
  });
});
