import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { classifyBounce } from '../src/suppression/bounce.js';
it('eval', () => {
  const rows = JSON.parse(readFileSync('/work/shared/corpora/bounces/sisimai-samples-with-diagnostics.json','utf8'));
  let agree = 0; const diffs: string[] = [];
  for (const r of rows) {
    const k = classifyBounce(r.dsn_diagnostic_code);
    const k2 = k === 'unknown' ? classifyBounce(r.dsn_status ?? '') : k;
    const hard = k2 === 'hard';
    if (hard === r.expected_hardbounce) agree++; else diffs.push(`${r.expected_reason}\t${r.expected_hardbounce}\t${k2}\t${r.dsn_status}\t${r.dsn_diagnostic_code.slice(0,150)}`);
  }
  console.log(agree, rows.length); console.log(diffs.join('\n'));
  const st = JSON.parse(readFileSync('/work/shared/corpora/bounces/sisimai-status-codes.json','utf8'));
  const sd: string[] = []; let sa = 0, n = 0;
  for (const r of st.standard_codes) { if (!r.active) continue; n++;
    const sis = ['userunknown','hostunknown','hasmoved'].includes(r.reason) || (r.reason==='notaccept' && r.status.startsWith('5'));
    const ours = classifyBounce(r.status) === 'hard';
    if (sis === ours) sa++; else sd.push(`${r.status} ${r.reason} sis=${sis} ours=${classifyBounce(r.status)}`); }
  console.log(sa, n); console.log(sd.join('\n'));
  const rs = JSON.parse(readFileSync('/work/shared/corpora/bounces/sisimai-reasons.json','utf8'));
  for (const r of rs) if (r.sample_diagnostic) console.log(r.reason, '→', classifyBounce(r.sample_diagnostic), '|', r.sample_diagnostic);
});
