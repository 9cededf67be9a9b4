/**
 * report.html's SMTP section (`--smtp`, issue 13): what the check is and what it never does, how
 * the run went (ok, unavailable, stopped and why), the rows' answers with the causes of the
 * unverified ones, and the catch-all domains. Nothing without --smtp.
 */
import { escapeHtml as esc } from './charts.js';
import { num, section, table, th } from './html-parts.js';
import { counted, fill, formatCount, type Strings } from './i18n/index.js';
import type { Report } from '../model/report.js';

/** With --smtp: what the check is, how it went, the rows' answers and the catch-all domains. */
export function smtpSection(s: Strings, report: Report): string {
  const n = formatCount;
  const r = report.smtp;
  if (r.status === 'off') return '';
  const w = s.smtp;
  const tone = r.status === 'ok' ? 'clean' : r.status === 'stopped' ? 'review' : 'rejected';
  const ran = fill(w.ran, { probes: counted(s, 'probe', r.probes), sessions: counted(s, 'session', r.sessions), hosts: counted(s, 'host', r.hosts) });
  const why = r.reason && r.reason !== 'aborted' ? ` ${w.reasons[r.reason]}` : '';
  const status = `<p class="dns ${tone}"><span class="swatch ${tone}" aria-hidden="true"></span>${esc(`${w.status[r.status]}: ${ran}.${why}`)}</p>`;
  const causes = (byCause: Report['smtp']['unverified']) =>
    Object.entries(byCause)
      .filter(([, c]) => c > 0)
      .map(([cause, c]) => `${w.causes[cause as keyof typeof w.causes]}: ${n(c)}`)
      .join(', ');
  const rows = (Object.keys(r.answers) as (keyof typeof r.answers)[])
    .filter((kind) => r.answers[kind] > 0)
    .map((kind) => {
      const sub = kind === 'unverified' ? causes(r.unverified) : kind === 'skipped' ? causes(r.skipped) : '';
      return `<tr><th scope="row">${esc(w.answers[kind])}${sub ? `<span class="sub">${esc(sub)}</span>` : ''}</th>${num(n(r.answers[kind]))}</tr>`;
    });
  const answers = rows.length ? table('smtp', [th(w.th.answer), th(w.th.rows, 'num')], rows) : '';
  const { count, domains } = r.catchAllDomains;
  const more = count > domains.length ? ` ${fill(w.more, { count: n(count - domains.length) })}` : '';
  const catchAll = count ? `<p class="muted">${esc(fill(w.catchAll, { domains: domains.join(', ') }) + more)}</p>` : '';
  return section('smtp', w.section, `<p>${esc(w.intro)}</p>${status}${answers}${catchAll}`);
}
