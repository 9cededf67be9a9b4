// Cost of issue 17's new modules per row on the Ukrainian list, next to today's offline address
// checks (checkAddress), in one process: what the integration of phase 2 will add at most.
// Usage: npm run build && node bench/ukrainian-modules-bench.mjs [rows]
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { generate } from './ukrainian-list.mjs';
import { checkAddress } from '../dist/check-address.js';
import { checkSyntax } from '../dist/syntax.js';
import { findSlip } from '../dist/checks/slips.js';
import { checkReserved } from '../dist/checks/reserved.js';
import { checkLookalikeDomain, foldCompatibility } from '../dist/checks/lookalike-domain.js';
import { checkMailboxRules, mailboxRuleFor } from '../dist/checks/mailbox-rules.js';
import { latinReading } from '../dist/checks/latin-reading.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = join(import.meta.dirname, 'data', `ukrainian-${rows}.csv`);
if (!existsSync(file)) await generate(file, rows);
const cells = [];
for await (const record of createReadStream(file).pipe(parse({ from_line: 2 }))) cells.push(record[2]);

/**
 * The new modules as phase 2 wires them, after the existing syntax check (its cost is timed apart and
 * subtracted: the pipeline pays it once already); domain-level verdicts (reserved, look-alike, the provider's rule) are memoised per
 * domain like DomainFactsCache does, and only what depends on the local part runs per row.
 */
const domainMemo = new Map();
function domainFacts(domain, asciiDomain) {
  let f = domainMemo.get(asciiDomain);
  if (f === undefined) {
    f = { reserved: checkReserved(asciiDomain), lookalike: checkLookalikeDomain(domain), rules: mailboxRuleFor(asciiDomain) !== undefined };
    domainMemo.set(asciiDomain, f);
  }
  return f;
}
function modules(cell) {
  let syntax = checkSyntax(cell);
  if (!syntax.ok || syntax.asciiDomain.endsWith('.com.com') || syntax.asciiDomain.endsWith('.net.net')) {
    const slip = findSlip(cell);
    if (slip) syntax = checkSyntax(slip.fixed);
  }
  if (!syntax.ok) return 0;
  const { local, domain, asciiDomain } = syntax;
  const facts = domainFacts(domain, asciiDomain); // in the pipeline: fields of DomainFactsCache's entry
  if (facts.reserved) return 1;
  if (facts.lookalike) return 2;
  if (foldCompatibility(local) !== undefined) return 3;
  if (!facts.rules) return 6;
  const v = checkMailboxRules(local, asciiDomain);
  if (!v.ok && v.rule === 'latin_only') return latinReading(local, asciiDomain) ? 4 : 5;
  return 6;
}

function time(label, f) {
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (const c of cells) sink += typeof f(c) === 'number' ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - t0) / cells.length;
  console.log(`${label}: ${ns.toFixed(0)} ns/row (${((ns * cells.length) / 1e9).toFixed(2)} s for ${cells.length.toLocaleString('en-US')} rows)`);
  return sink >= 0 ? ns : 0;
}
const opts = {}; // one options object per run, as the engine passes (the domain memo hangs on it)
time('today: checkAddress (warm-up)', (c) => checkAddress(c, opts).findings.length);
time('today: checkAddress', (c) => checkAddress(c, opts).findings.length);
time('today: checkSyntax alone (paid once by the existing stage)', (c) => checkSyntax(c).ok);
const syntaxNs = time('today: checkSyntax again', (c) => checkSyntax(c).ok);
time('syntax + new modules (first pass, memos cold)', modules);
const allNs = time('syntax + new modules (memos warm)', modules);
console.log(`new modules alone: about ${(allNs - syntaxNs).toFixed(0)} ns/row`);
const counts = new Map();
for (const c of cells) counts.set(modules(c), (counts.get(modules(c)) ?? 0) + 1);
console.log('outcomes (0 bad syntax, 1 reserved, 2 look-alike, 3 fold, 4 reading, 5 no reading, 6 fine):', Object.fromEntries(counts));
