import { describe, expect, it } from 'vitest';
import { aliasKey } from '../src/address/alias.js';
import { DuplicateTracker } from '../src/address/duplicates.js';
import { FingerprintMap } from '../src/address/fingerprints.js';

describe('DuplicateTracker', () => {
  const run = (addresses: string[]) => {
    const tracker = new DuplicateTracker();
    return addresses.map((a, i) => {
      const [local, domain] = a.split('@') as [string, string];
      const f = tracker.check(local, domain.toLowerCase(), aliasKey(local, domain.toLowerCase()), i + 2);
      return f ? `${f.code}:${(f.args as { line?: number } | undefined)?.line}` : 'new';
    });
  };
  it.each([
    ['same address, other case', ['Olena@gmail.com', 'olena@gmail.com'], ['new', 'duplicate:2']],
    ['gmail dots', ['o.lena@gmail.com', 'olena@gmail.com'], ['new', 'duplicate_alias:2']],
    ['canonical form first, dotted later', ['olena@gmail.com', 'o.l.e.n.a@gmail.com'], ['new', 'duplicate_alias:2']],
    ['googlemail is gmail', ['olena@googlemail.com', 'olena@gmail.com'], ['new', 'duplicate_alias:2']],
    ['+tag at Outlook', ['ivan+news@outlook.com', 'ivan@outlook.com'], ['new', 'duplicate_alias:2']],
    ['+tag elsewhere is a different mailbox', ['ivan+news@ukr.net', 'ivan@ukr.net'], ['new', 'new']],
    ['dots elsewhere matter', ['o.lena@ukr.net', 'olena@ukr.net'], ['new', 'new']],
    ['names the first line', ['a@x.com', 'a@x.com', 'A@X.COM'], ['new', 'duplicate:2', 'duplicate:2']],
  ])('%s', (_name, addresses, expected) => {
    expect(run(addresses)).toEqual(expected);
  });
});

describe('FingerprintMap', () => {
  it('keeps the first value and grows past its initial capacity without losing entries', () => {
    const map = new FingerprintMap(4);
    for (let i = 0; i < 50_000; i++) expect(map.getOrSet(`user${i}@example.com`, i)).toBeUndefined();
    for (let i = 0; i < 50_000; i += 997) expect(map.getOrSet(`user${i}@example.com`, 0)).toBe(i);
    expect(map.size).toBe(50_000);
  });
  it('hashes an address from its parts exactly as the whole lowercased string', () => {
    const map = new FingerprintMap();
    expect(map.getOrSet('olena.k@gmail.com', 7)).toBeUndefined();
    expect(map.getOrSetAddress('Olena.K', 'gmail.com', 9)).toBe(7);
    expect(map.getOrSetAddress('ОЛЕНА', 'пошта.укр', 3)).toBeUndefined();
    expect(map.getOrSet('олена@пошта.укр', 4)).toBe(3);
  });
  it('tells apart strings that differ in one character or in order', () => {
    const map = new FingerprintMap();
    const keys = ['ab@x.com', 'ba@x.com', 'ab@x.co', 'ab@x.comm', 'аb@x.com', ''];
    keys.forEach((k, i) => expect(map.getOrSet(k, i)).toBeUndefined());
  });
});
