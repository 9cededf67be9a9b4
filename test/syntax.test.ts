import { describe, expect, it } from 'vitest';
import { MESSAGE_ARGS } from '../src/model/messages.js';
import { checkSlow, checkSyntax, fastAccept } from '../src/address/syntax.js';

/** Accepted addresses: [input, local, domain (Unicode), asciiDomain]. */
const VALID: [string, string, string, string][] = [
  ['olena@gmail.com', 'olena', 'gmail.com', 'gmail.com'],
  ['Olena.Koval@Gmail.COM', 'Olena.Koval', 'gmail.com', 'gmail.com'],
  ['user+tag@sub.example.co.uk', 'user+tag', 'sub.example.co.uk', 'sub.example.co.uk'],
  ["o'brien@example.ie", "o'brien", 'example.ie', 'example.ie'],
  ['test@g--a.com', 'test', 'g--a.com', 'g--a.com'],
  ['test@123.com', 'test', '123.com', '123.com'],
  ['ivan@почта.укр', 'ivan', 'почта.укр', 'xn--80a1acny.xn--j1amh'],
  ['ivan@ПОЧТА.УКР', 'ivan', 'почта.укр', 'xn--80a1acny.xn--j1amh'],
  ['іван@пошта.укр', 'іван', 'пошта.укр', 'xn--80a1acn3a.xn--j1amh'],
  ['test@xn--hxajbheg2az3al.xn--jxalpdlp', 'test', 'παράδειγμα.δοκιμή', 'xn--hxajbheg2az3al.xn--jxalpdlp'],
  ['somename@ｇｍａｉｌ.com', 'somename', 'gmail.com', 'gmail.com'],
  ['me@example.com', 'me', 'example.com', 'example.com'],
  ['a'.repeat(64) + '@x.com', 'a'.repeat(64), 'x.com', 'x.com'],
  // No local-part limit of its own (python-email-validator's default; RFC 5321's 64 is a SHOULD).
  ['a'.repeat(65) + '@x.com', 'a'.repeat(65), 'x.com', 'x.com'],
  ['я'.repeat(33) + '@x.com', 'я'.repeat(33), 'x.com', 'x.com'],
  ['a'.repeat(248) + '@x.com', 'a'.repeat(248), 'x.com', 'x.com'],
  // Written precomposed, U+226E/U+226F/U+2260 are plain non-ASCII symbols: python-email-validator
  // accepts them (it refuses only the written `<` / `>` of the decomposed form, see INVALID).
  ['\u226eme@example.com', '\u226eme', 'example.com', 'example.com'],
  ['\u226fme@example.com', '\u226fme', 'example.com', 'example.com'],
  ['\u2260me@example.com', '\u2260me', 'example.com', 'example.com'],
  // `=` is atext, so `=` + U+0338 is fine as written and is returned in NFC as `≠`.
  ['=\u0338me@example.com', '\u2260me', 'example.com', 'example.com'],
];

describe('checkSyntax accepts', () => {
  it.each(VALID)('%s', (input, local, domain, asciiDomain) => {
    const r = checkSyntax(input);
    expect(r).toEqual({ ok: true, local, domain, asciiDomain, normalized: `${local}@${domain}` });
    expect(checkSlow(input)).toEqual(r);
  });
});

const long63 = 'a'.repeat(63);
/** Refused addresses: [input, why, args]. Every `syntax.*` message key appears here. */
const INVALID: [string, string, Record<string, string | number> | undefined][] = [
  ['/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=legacyuser', 'syntax.exchange_x500', undefined],
  ['hello.world', 'syntax.no_at', undefined],
  ['hello＠world.com', 'syntax.lookalike_at', { char: '＠' }],
  ['a@b@c.com', 'syntax.multiple_at', undefined],
  ['@example.com', 'syntax.empty_local', undefined],
  ['me@', 'syntax.empty_domain', undefined],
  ['"quoted"@example.com', 'syntax.quoted_local', undefined],
  ['(comment)me@example.com', 'syntax.comment', undefined],
  ['me@[127.0.0.1]', 'syntax.domain_literal', undefined],
  ['white space@example.com', 'syntax.whitespace', { char: 'U+0020' }],
  ['me@example.com\n', 'syntax.whitespace', { char: 'U+000A' }],
  ['\u200bme@example.com', 'syntax.unsafe_character', { char: 'U+200B' }],
  ['\u202eme@example.com', 'syntax.unsafe_character', { char: 'U+202E' }],
  ['\u0300me@example.com', 'syntax.unsafe_character', { char: 'U+0300' }],
  ['olena\u200b@gmail.com', 'syntax.unsafe_character', { char: 'U+200B' }],
  ['olena\u200e@gmail.com', 'syntax.unsafe_character', { char: 'U+200E' }],
  ['olena@gmail.com\u200f', 'syntax.unsafe_character', { char: 'U+200F' }],
  ['\u202aolena@gmail.com', 'syntax.unsafe_character', { char: 'U+202A' }],
  ['olena@gma\u2067il.com', 'syntax.unsafe_character', { char: 'U+2067' }],
  ['ole\u00adna@gmail.com', 'syntax.unsafe_character', { char: 'U+00AD' }],
  ['olena@gmail.com\u2060', 'syntax.unsafe_character', { char: 'U+2060' }],
  ['olena\u00a0@gmail.com', 'syntax.whitespace', { char: 'U+00A0' }],
  ['me,you@example.com', 'syntax.bad_character', { char: ',' }],
  ['me@exa_mple.com', 'syntax.bad_character', { char: '_' }],
  ['.me@example.com', 'syntax.leading_dot', undefined],
  ['me.@example.com', 'syntax.dot_before_at', undefined],
  ['m..e@example.com', 'syntax.double_dot', undefined],
  ['me@example..com', 'syntax.double_dot', undefined],
  ['me@.example.com', 'syntax.dot_after_at', undefined],
  ['me@example.com.', 'syntax.trailing_dot', undefined],
  ['me@-example.com', 'syntax.hyphen_edge', { label: '-example' }],
  ['me@example-.com', 'syntax.hyphen_edge', { label: 'example-' }],
  ['me@ab--cd.com', 'syntax.reserved_hyphens', { label: 'ab--cd' }],
  ['me@xn--0.tld', 'syntax.bad_idn', { domain: 'xn--0.tld' }],
  ['me@⒈wouldbeinvalid.com', 'syntax.bad_idn', { domain: '⒈wouldbeinvalid.com' }],
  ['test@😆.org', 'syntax.bad_idn', { domain: '😆.org' }],
  [`me@${long63}.${long63}.${long63}.${long63}.com`, 'syntax.domain_too_long', { length: 259 }],
  [`me@${'a'.repeat(64)}.com`, 'syntax.label_too_long', { length: 64 }],
  [`${'a'.repeat(64)}@${long63}.${long63}.${'a'.repeat(58)}.com`, 'syntax.too_long', { length: 255 }],
  // No limit on the local part alone, but it counts towards the 254 octets of the address.
  [`${'a'.repeat(249)}@x.com`, 'syntax.too_long', { length: 255 }],
  ['me@localhost', 'syntax.no_dot_in_domain', undefined],
  ['me@bad.tld-2', 'syntax.bad_tld', { tld: 'tld-2' }],
  ['me@1.2.3.4', 'syntax.bad_tld', { tld: '4' }],
  ['me@host.localhost', 'syntax.reserved_domain', { tld: 'localhost' }],
  ['me@printer.local', 'syntax.reserved_domain', { tld: 'local' }],
  ['me@valid.invalid', 'syntax.reserved_domain', { tld: 'invalid' }],
  ['me@mycompany.TEST', 'syntax.reserved_domain', { tld: 'test' }],
  ['me@x.onion', 'syntax.reserved_domain', { tld: 'onion' }],
  ['me@10.in-addr.arpa', 'syntax.reserved_domain', { tld: 'arpa' }],
];

/** 30 Cyrillic letters: 43 characters once Punycode-encoded (`xn--…`). */
const word = 'привіт'.repeat(5);
/** Six such labels: 189 characters in Unicode, 261 in ASCII. */
const longIdn = `${Array(6).fill(word).join('.')}.com`;

/** Verdicts that were wrong (issue 12, part 6), each as [input, why, args]. */
const FIXED: [string, string, Record<string, string | number> | undefined][] = [
  // IPv6 domain literals are refused like IPv4 ones (python-email-validator's default).
  ['me@[IPv6:::1]', 'syntax.domain_literal', undefined],
  ['a@[IPv6:2001:db8::1]', 'syntax.domain_literal', undefined],
  ['test@[IPv6:::]', 'syntax.domain_literal', undefined],
  // 253/63 octets of the ASCII form, though the Unicode form is shorter than either limit.
  [`me@${longIdn}`, 'syntax.domain_too_long', { length: 261 }],
  [`me@${'я'.repeat(60)}.com`, 'syntax.label_too_long', { length: 66 }],
  [`me@${'я'.repeat(63)}.com`, 'syntax.label_too_long', { length: 69 }],
  // `<` / `>` + U+0338 (shown as `≮` / `≯`): refused for the `<` / `>` as written.
  ['<\u0338me@example.com', 'syntax.bad_character', { char: '<' }],
  ['>\u0338me@example.com', 'syntax.bad_character', { char: '>' }],
  ['me<\u0338@example.com', 'syntax.bad_character', { char: '<' }],
  ['me@exa<\u0338mple.com', 'syntax.bad_character', { char: '<' }],
  // 256 octets as written (`s` + U+0323 + U+0307), 254 after NFC: too long as written.
  [`my.s\u0323\u0307.address@${'x'.repeat(63)}.${'x'.repeat(63)}.${'x'.repeat(63)}.${'x'.repeat(42)}.info`, 'syntax.too_long', { length: 256 }],
];

describe('checkSyntax refuses', () => {
  it.each(INVALID)('%j → %s', (input, why, args) => {
    const r = checkSyntax(input);
    expect(r).toEqual(args ? { ok: false, why, args } : { ok: false, why });
    expect(fastAccept(input)).toBeUndefined();
    expect(Object.hasOwn(MESSAGE_ARGS, why)).toBe(true);
  });

  it.each(FIXED)('issue 12: %j → %s %j', (input, why, args) => {
    expect(checkSyntax(input)).toEqual(args ? { ok: false, why, args } : { ok: false, why });
    expect(fastAccept(input)).toBeUndefined();
  });

  it('uses long-IDN rows that fit both limits in their Unicode form', () => {
    expect(longIdn.length).toBeLessThanOrEqual(253);
    expect('я'.repeat(60).length).toBeLessThanOrEqual(63);
  });

  it('covers every syntax.* message key, and only those', () => {
    const used = new Set(INVALID.map(([, why]) => why));
    const keys = Object.keys(MESSAGE_ARGS).filter((k) => k.startsWith('syntax.'));
    expect([...used].sort()).toEqual(keys.sort());
  });
});
