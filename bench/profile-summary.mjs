// Sums a V8 .cpuprofile's self time by function and by area of the code (layout, confusables,
// normalization, syntax, CSV, GC …), so a bench can say where the time goes.
import { fileURLToPath } from 'node:url';

/** Areas by source file or function name, first match wins. */
const AREAS = [
  ['layout', /checks\/layout\.js/], ['confusables', /checks\/confusables\.js|unhomoglyph/], ['transliteration', /translit|latin-reading/],
  ['normalization (extract, NFC)', /normalize\.js|\(normalize\)|normalize$/], ['syntax', /syntax\.js/], ['typo/domain facts', /typo\.js|domain-facts|distance\.js|tldts/],
  ['role', /role\.js/], ['duplicates/alias', /duplicates|alias\.js|fingerprints/], ['CSV read', /csv-parser|reader\.js|detect\.js|encoding|iconv/],
  ['CSV write/report', /writer\.js|output\.js|report\//], ['engine/rows', /engine\.js|rows\.js|run\.js|parts\.js|check-address/],
  ['garbage collection', /^\(garbage collector\)/], ['idle/program', /^\((idle|program|root)\)/],
];

export function summarize(profile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  const fns = new Map();
  const areas = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const url = n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/');
    const name = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const key = `${url} ${n.callFrame.functionName}`;
    const area = AREAS.find(([, re]) => re.test(key) || re.test(n.callFrame.functionName))?.[0] ?? (url.startsWith('node:') || url === '' ? 'node internals' : 'other');
    areas.set(area, (areas.get(area) ?? 0) + us);
    total += us;
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1)}% (${Math.round(us / 1000)} ms)`;
  const lines = ['| area | self time |', '|---|---:|'];
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) lines.push(`| ${a} | ${pct(us)} |`);
  lines.push('', '| function | self time |', '|---|---:|');
  for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`| ${f} | ${pct(us)} |`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readFileSync } = await import('node:fs');
  console.log(summarize(JSON.parse(readFileSync(process.argv[2], 'utf8')), Number(process.argv[3] ?? 15)));
}
