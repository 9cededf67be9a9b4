/**
 * The SMTP part of the reports: report.json's `smtp` block against both schemas, the terminal
 * summary's SMTP lines and report.html's SMTP section, in every language, for each run status;
 * nothing at all without --smtp (the summary and page of other runs stay as they were).
 */
import { describe, expect, it } from 'vitest';
import type { Report, SmtpReport } from '../src/model/report.js';
import { smtpOff } from '../src/report/build.js';
import { renderHtml } from '../src/report/html.js';
import { LANGUAGES, type Lang } from '../src/report/i18n/index.js';
import { formatSummary } from '../src/report/summary.js';
import { makeFixture } from './helpers/report-fixture.js';
import { checkReport } from './helpers/report.js';

const HOSTILE_DOMAIN = '<img src=x onerror=alert(5)>.example';

function withSmtp(smtp: Partial<SmtpReport>): Report {
  const { report } = makeFixture();
  return {
    ...report,
    smtp: {
      ...smtpOff(),
      status: 'ok',
      hosts: 12,
      sessions: 14,
      probes: 321,
      rcptsPerSession: 22.93,
      retries: 3,
      policyAnswers: 2,
      catchAllDomains: { count: 2, domains: ['kwiga-all.com', HOSTILE_DOMAIN] },
      answers: { exists: 250, not_found: 31, full: 2, catch_all: 9, unverified: 7, skipped: 1 },
      unverified: { timeout: 4, policy: 2, private_mx: 1 },
      skipped: { max_reached: 1 },
      ...smtp,
    },
  };
}

const LANGS = Object.keys(LANGUAGES) as Lang[];
const RUNS: [string, Partial<SmtpReport>][] = [
  ['ok', {}],
  ['unavailable', { status: 'unavailable', reason: 'port_blocked', sessions: 0, probes: 0, answers: { exists: 0, not_found: 0, full: 0, catch_all: 0, unverified: 0, skipped: 40 }, skipped: { unavailable: 40 } }],
  ['stopped', { status: 'stopped', reason: 'policy_rate' }],
];

describe.each(LANGS)('%s', (lang) => {
  it.each(RUNS)('%s: schema-valid, a summary section and a page section, every placeholder filled', (_name, smtp) => {
    const report = withSmtp(smtp);
    expect(() => checkReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
    const summary = formatSummary(report, { color: false, outDir: 'out', lang });
    const html = renderHtml(report, { lang, unmasked: false });
    const w = LANGUAGES[lang].smtp;
    expect(summary).toContain(`  ${w.label}`);
    expect(summary).toContain(w.status[report.smtp.status as 'ok']);
    expect(html).toContain('<section id="smtp"');
    if (report.smtp.reason) {
      expect(summary).toContain(w.reasons[report.smtp.reason]);
      expect(html).toContain(w.reasons[report.smtp.reason].slice(0, 20));
    }
    for (const text of [summary, html]) expect(text).not.toMatch(/\{\w+\}/);
    expect(html).not.toContain(HOSTILE_DOMAIN);
  });
});

describe('smtp in the reports', () => {
  it('lists answers by kind with causes, and catch-all domains escaped', () => {
    const report = withSmtp({});
    expect(formatSummary(report, { color: false, outDir: 'out' })).toContain(
      '  SMTP         ok: 321 probes in 14 sessions with 12 mail hosts\n' +
        '               exists 250 · does not exist 31 · mailbox full 2 · catch-all 9 · not verified 7 (timeout 4, refused us (policy) 2, private MX 1) · not probed 1 (--smtp-max reached 1)\n',
    );
    const html = renderHtml(report, { lang: 'en', unmasked: false });
    expect(html).toContain('Domains that accept any address: kwiga-all.com, &lt;img src=x onerror=alert(5)&gt;.example');
    expect(html).toContain('timeout: 4, refused us (policy): 2, private MX: 1');
  });

  it('says nothing about SMTP when it was off', () => {
    const { report } = makeFixture();
    expect(report.smtp).toEqual(smtpOff());
    expect(formatSummary(report, { color: false, outDir: 'out' })).not.toContain('SMTP');
    expect(renderHtml(report, { lang: 'en', unmasked: false })).not.toContain('id="smtp"');
  });
});
