/**
 * A report built the real way (ReportBuilder fed RowResults, then buildReport) with hostile input
 * values in every place the page shows one: file name, column name, domains, addresses, list names.
 */
import { isFreeProvider } from '../../src/checks/providers.js';
import type { ReasonCode, Bucket } from '../../src/model/findings.js';
import { parseConfig } from '../../src/pipeline/settings.js';
import { ReportBuilder } from '../../src/report/builder.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/model/report.js';
import type { RowResult } from '../../src/model/row.js';

/** Hostile values; none may ever run or become markup. */
export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '</script><script>window.__pwned=1</script>',
  domain: '"><svg onload=alert(1)>.example',
  file: '<img src=x onerror="window.__pwned=2">.csv',
  column: '</style><script>window.__pwned=3</script>',
  list: '<b onmouseover=alert(4)>bounces.csv',
};

let line = 1;
function row(address: string, bucket: Bucket, reason?: ReasonCode, suggestion?: string): RowResult {
  line++;
  const at = address.lastIndexOf('@');
  const domain = at > 0 && reason !== 'invalid_syntax' ? address.slice(at + 1) : undefined;
  return {
    row: { line, fields: [address] },
    address: domain ? { original: address, normalized: address, local: address.slice(0, at), domain, asciiDomain: domain, freeProvider: isFreeProvider(domain) } : { original: address },
    // The report counts reasons and buckets; the message of the finding plays no part.
    findings: reason ? [{ code: reason, why: 'email.missing' }] : [],
    bucket,
    ...(reason ? { reason } : {}),
    ...(suggestion ? { suggestion } : {}),
  };
}

/** The builder and the report (1 740 rows: 1 650 clean, 46 review, 44 rejected). */
export function makeFixture(options: { dns?: Report['dns']['status']; gates?: boolean } = {}): { report: Report; builder: ReportBuilder } {
  line = 1;
  const b = new ReportBuilder();
  const many = (count: number, make: (i: number) => RowResult) => {
    for (let i = 0; i < count; i++) b.add(make(i));
  };
  many(1200, (i) => row(`olena.kovalenko${i}@gmail.com`, 'clean'));
  many(300, (i) => row(`taras.shevchenko${i}@ukr.net`, 'clean'));
  many(150, (i) => row(`giulia.rossi${i}@libero.it`, 'clean'));
  many(37, (i) => row(`olena.typo${i}@gmial.com`, 'review', 'possible_typo', `olena.typo${i}@gmail.com`));
  many(5, (i) => row(`marco.bianchi${i}@gmail.con`, 'review', 'possible_typo', `marco.bianchi${i}@gmail.com`));
  many(4, (i) => row(`info${i}@${HOSTILE.domain}`, 'review', 'role_account'));
  b.add(row(HOSTILE.img, 'rejected', 'invalid_syntax'));
  b.add(row(HOSTILE.script, 'rejected', 'invalid_syntax'));
  many(10, (i) => row(`broken${i}.at.nowhere`, 'rejected', 'invalid_syntax'));
  many(8, (i) => row(`olena.kovalenko${i}@gmail.com`, 'rejected', 'duplicate'));
  many(20, (i) => row(`petro.ivanenko${i}@nonexistent-domain-xyz.com`, 'rejected', 'domain_not_found'));
  many(3, (i) => row(`bounced.person${i}@ukr.net`, 'rejected', 'suppressed_hard_bounce'));
  line++;
  const raw = `"${HOSTILE.script}`;
  const malformed = { why: 'csv.unclosed_quote' as const, args: { raw } };
  b.add({ row: { line, fields: [], raw, malformed }, findings: [{ code: 'malformed_row', ...malformed }], bucket: 'rejected', reason: 'malformed_row' });

  const config = parseConfig(options.gates === false ? {} : { failOnRejected: 2, failOnReview: 5 }, 'flags');
  const status = options.dns ?? 'ok';
  const report = buildReport({
    config,
    meta: {
      file: `/home/someone/${HOSTILE.file}`,
      format: 'csv',
      encoding: 'windows-1251',
      bom: false,
      gzip: false,
      delimiter: ';',
      header: ['name', HOSTILE.column],
      emailColumn: 1,
      emailColumnName: HOSTILE.column,
      columns: 2,
      otherEmailColumns: [],
      firstLine: 1,
    },
    stats: { blankLines: 2, preambleLines: 0 },
    builder: b,
    dns: { status, domains: 8, lookups: status === 'ok' ? 11 : 0, errors: 0, cached: 0, slowest: [] },
    suppression: [{ file: `lists/${HOSTILE.list}`, format: 'mailgun', entries: 1200, notUnderstood: 2, matched: { suppressed_hard_bounce: 3 } }],
    startedAt: '2025-03-14T09:26:53.000Z',
    durationMs: 1234,
  });
  return { report, builder: b };
}
