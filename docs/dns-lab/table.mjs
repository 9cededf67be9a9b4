// node table.mjs out-a out-b ...: one line per domain, "bucket reason (why)" per run, in input order.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(`${process.env.REPO}/package.json`);
const { parse } = require('csv-parse/sync');
const runs = process.argv.slice(2);
const input = parse(fs.readFileSync('/tmp/dnslab/' + (process.env.LIST ?? 'list.csv')), { columns: true });
const cols = runs.map((out) => {
  const m = new Map();
  for (const b of ['clean', 'review', 'rejected']) {
    const f = path.join(out, b + '.csv');
    if (!fs.existsSync(f)) continue;
    for (const r of parse(fs.readFileSync(f), { columns: true, bom: true })) {
      const d = (r.validation_detail ?? '').match(/(SERVFAIL|REFUSED|NXDOMAIN|null MX|did not answer in time|private or local|no MX, A or AAAA|could not be reached|not checked)/);
      m.set(r.email.normalize('NFC').toLowerCase(), b === 'clean' ? 'clean' : `${b === 'review' ? 'REVIEW' : 'REJ'} ${r.validation_reason}${d ? ` (${d[1]})` : ''}`);
    }
  }
  return m;
});
console.log(['domain', ...runs].join(' | '));
for (const row of input) {
  const e = row.email.normalize('NFC').toLowerCase();
  console.log([e.replace(/^olena\.koval@/, ''), ...cols.map((m) => m.get(e) ?? '?')].join(' | '));
}
for (const out of runs) { const r = JSON.parse(fs.readFileSync(path.join(out, 'report.json'))); console.log(out, JSON.stringify({ ...r.dns, slowest: r.dns.slowest?.map((s) => `${s.domain}:${s.ms}`) })); }
