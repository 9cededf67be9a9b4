// node md-table.mjs before-table.txt after-table.txt: one markdown row per domain, "before → after" where they differ.
import fs from 'node:fs';
const short = (v) => v.replace('REJ no_mail_server', 'no_mail_server').replace('REJ domain_not_found', 'domain_not_found').replace('REVIEW dns_error', 'dns_error')
  .replace(' (no MX, A or AAAA)', ' (no records)').replace(' (did not answer in time)', ' (timeout)').replace(' (private or local)', ' (private)').replace(' (null MX)', ' (null MX)');
const read = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.includes(' | ') && !l.startsWith('domain')).map((l) => l.split(' | '));
const [b, a] = [read(process.argv[2]), read(process.argv[3])];
const heads = ['unbound 1.17.1', 'BIND 9.18.49', 'Knot Resolver 5.6.0', 'dnsmasq 2.90 → unbound'];
console.log(`| address at | ${heads.join(' | ')} |`);
console.log(`|---|${heads.map(() => '---').join('|')}|`);
for (let i = 0; i < a.length; i++) {
  const cells = a[i].slice(1, 5).map((after, j) => { const before = b[i][j + 1]; return before === after ? short(after) : `**${short(before)} → ${short(after)}**`; });
  console.log(`| \`${a[i][0]}\` | ${cells.join(' | ')} |`);
}
