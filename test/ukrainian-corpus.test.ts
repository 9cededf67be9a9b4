/**
 * Issue 17's corpus (test/corpora/ukrainian/addresses.json) against the new modules, one
 * expectation per module the entry names. The verdicts of the whole engine on the same corpus are
 * test/ukrainian-engine.test.ts's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMailboxRules } from '../src/checks/mailbox-rules.js';
import { latinReading } from '../src/checks/latin-reading.js';
import { findSlip } from '../src/checks/slips.js';
import { checkReserved } from '../src/checks/reserved.js';
import { checkLookalikeDomain, foldCompatibility } from '../src/checks/lookalike-domain.js';
import { extractAddress } from '../src/address/extract.js';
import { checkSyntax } from '../src/address/syntax.js';
import type { Entry } from '../scripts/ukrainian-eval.mjs';

const corpus = JSON.parse(readFileSync(join(import.meta.dirname, 'corpora/ukrainian/addresses.json'), 'utf8')) as {
  entries: Entry[];
  reasons: Record<string, string>;
};

/** Local part and domains of an entry's address, after the slip fix where it has one. */
function parts(e: Entry): { local: string; domain: string; ascii: string } {
  const x = extractAddress(findSlip(e.address)?.fixed ?? e.address);
  const address = x.kind === 'single' ? x.address : e.address;
  const s = checkSyntax(address);
  if (!s.ok && s.why === 'syntax.reserved_domain') {
    const at = address.lastIndexOf('@');
    const domain = address.slice(at + 1).toLowerCase();
    return { local: address.slice(0, at), domain, ascii: domain };
  }
  if (!s.ok) throw new Error(`${e.address}: ${s.why}`);
  return { local: s.local, domain: s.domain, ascii: s.asciiDomain };
}

describe('the corpus', () => {
  it('has at least 250 entries, each with a note and a source, and known buckets for new reasons', () => {
    expect(corpus.entries.length).toBeGreaterThanOrEqual(250);
    for (const e of corpus.entries) {
      expect(e.note, e.address).not.toBe('');
      expect(e.source, e.address).toMatch(/invented by us|issue 17/);
      if (e.reason !== null && corpus.reasons[e.reason] !== undefined) expect(corpus.reasons[e.reason]).toBe(e.bucket);
    }
  });
});

describe.each(corpus.entries.map((e) => [e.address, e] as const))('%s', (_, e) => {
  it('reads as one address (after its slip fix, if any)', () => expect(() => parts(e)).not.toThrow());
  if (e.module.rule !== undefined) {
    it(`breaks ${e.module.rule}`, () => {
      const { local, ascii } = parts(e);
      const v = checkMailboxRules(local, ascii);
      expect(v.ok ? 'ok' : v.rule).toBe(e.module.rule);
    });
  }
  if (e.module.reading !== undefined) {
    it(`reads as ${e.module.reading}`, () => {
      const { local, ascii } = parts(e);
      expect(latinReading(local, ascii)?.local ?? null).toBe(e.module.reading);
    });
  }
  if (e.module.slip !== undefined) {
    it(`is a ${e.module.silent ? 'silent' : 'review'} ${e.module.slip}`, () => {
      const slip = findSlip(e.address);
      expect(slip?.slips).toContain(e.module.slip);
      expect(slip?.silent).toBe(e.module.silent);
    });
  }
  if (e.module.reserved !== undefined) {
    it(`is reserved (${e.module.reserved})`, () => expect(checkReserved(parts(e).ascii)?.kind).toBe(e.module.reserved));
  }
  if (e.module.lookalike !== undefined) {
    it(`imitates ${e.module.lookalike}`, () => expect(checkLookalikeDomain(parts(e).domain)?.target).toBe(e.module.lookalike));
  }
  if (e.module.fold !== undefined) {
    it(`folds to ${e.module.fold}`, () => expect(foldCompatibility(parts(e).local)).toBe(e.module.fold));
  }
  if (e.cls === 'negative') {
    it('is left alone by every new module', () => {
      const { local, domain, ascii } = parts(e);
      const v = checkMailboxRules(local, ascii);
      expect(v.ok || !v.strict).toBe(true);
      expect(findSlip(e.address)).toBeUndefined();
      expect(checkReserved(ascii)).toBeUndefined();
      expect(checkLookalikeDomain(domain)).toBeUndefined();
      expect(foldCompatibility(local)).toBeUndefined();
    });
  }
});
