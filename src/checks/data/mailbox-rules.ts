/**
 * Local-part rules of the big mail providers, as data: what a mailbox name at each provider may be.
 * Used offline to tell that `тарас@gmail.com` cannot exist (no big provider hands out Cyrillic
 * mailbox names), and to check that a suggested fix could exist.
 *
 * How sure each part is, and so how it may be used (see mailbox-rules.ts):
 * - `latin_only` (any non-ASCII character) is certain for every provider here: none of them hands out
 *   internationalized mailbox names (RFC 6531), whatever their servers accept in transit.
 * - The ASCII character set is certain only where `documented` is true (the provider's own help, or
 *   two independent sources agree). Elsewhere nothing was found in writing, so the set is our
 *   conservative default (ASCII letters, digits and `. _ -`) and a violation is only "unlikely".
 * - Lengths and edge rules are sign-up rules: accounts made before a rule (Gmail's 2004 invitations,
 *   Yahoo and AOL screen names, mac.com names moved to icloud.com) may break them, so they are
 *   never certain.
 * - `+tag` sub-addressing: the part after the first `+` is never judged (it is free-form where
 *   documented, and unknown elsewhere); only the mailbox before it is.
 */

/** One provider's documented (or conservatively chosen) local-part rule. */
export interface MailboxRule {
  /** Short provider id reported in findings (`gmail`, `microsoft`, `ukr.net`, …). */
  provider: string;
  /** Every mail domain (ASCII, lowercase) that shares this rule, aliases included. */
  domains: readonly string[];
  /** ASCII punctuation allowed besides letters a–z and digits 0–9 (`+` is handled as a tag). */
  punctuation: string;
  /** Whether the character set is documented, so that a character outside it is certain to bounce. */
  documented: boolean;
  /** Sign-up minimum length of the mailbox (before any `+tag`); advisory. */
  minLength?: number;
  /** Sign-up maximum length of the mailbox (before any `+tag`); advisory. */
  maxLength?: number;
  /** Lengths count letters and digits only (Gmail ignores dots). */
  lengthIgnoresDots?: boolean;
  /** Sign-up rule: first and last character are a letter or digit; advisory. */
  alnumEdges?: boolean;
  /** Whether `+tag` sub-addressing is documented (RFC 5233); informational, the tag is never judged. */
  plusTags: boolean;
  /** Where the rule comes from, or why it is our own conservative choice. */
  source: string;
}

/** Our default for providers whose rules we found nowhere in writing. */
const CONSERVATIVE = '. _ -';
const UNDOCUMENTED =
  'not documented in any source we could find; conservative default: ASCII letters, digits and . _ - (a violation is only "unlikely")';

/** The table. Order does not matter; every domain appears once. */
export const MAILBOX_RULES: readonly MailboxRule[] = [
  {
    provider: 'gmail',
    domains: ['gmail.com', 'googlemail.com'],
    punctuation: '.',
    documented: true,
    minLength: 6,
    maxLength: 30,
    lengthIgnoresDots: true,
    plusTags: true,
    source:
      'Google Account Help "Username not allowed" (support.google.com/mail/answer/9211434): 6–30 characters, ' +
      'letters (a-z), numbers (0-9) and periods; no & = _ \' - + , < >; Mailgun flanker plugins/gmail.py (same rule, dots not counted)',
  },
  {
    provider: 'microsoft',
    domains: [
      'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'passport.com', 'windowslive.com',
      'outlook.de', 'outlook.fr', 'outlook.it', 'outlook.es', 'outlook.ie', 'outlook.jp', 'outlook.com.br',
      'hotmail.de', 'hotmail.fr', 'hotmail.it', 'hotmail.es', 'hotmail.co.uk', 'hotmail.be', 'hotmail.nl',
      'hotmail.se', 'hotmail.ca', 'hotmail.com.br', 'hotmail.com.ar', 'hotmail.com.tr', 'hotmail.co.jp',
      'live.co.uk', 'live.fr', 'live.it', 'live.nl', 'live.se', 'live.de', 'live.com.au', 'live.com.mx', 'live.ca',
    ],
    punctuation: '._-',
    // Only one written source (a validator's notes, not Microsoft's help), and Hotmail names date
    // back to 1996: a character outside the set is "unlikely", not certain.
    documented: false,
    maxLength: 64,
    alnumEdges: true,
    plusTags: true,
    source:
      'Mailgun flanker plugins/hotmail.py (1–64 characters, letters, numbers, . - _, starts with a letter or number, one + tag); ' +
      "Microsoft's own sign-up help was not in our stored copies",
  },
  {
    provider: 'yahoo',
    domains: [
      'yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.it', 'yahoo.es',
      'yahoo.ca', 'yahoo.com.br', 'yahoo.com.ar', 'yahoo.com.mx', 'yahoo.co.in', 'yahoo.com.au', 'yahoo.gr',
      'yahoo.ro', 'yahoo.co.id', 'yahoo.ie', 'yahoo.se', 'yahoo.pl',
    ],
    // Hyphen: Yahoo's disposable addresses are `base-keyword`, and the Nokia Mail (powered by Yahoo)
    // FAQ allows one hyphen, older accounts more.
    punctuation: '._-',
    documented: true,
    minLength: 4,
    maxLength: 32,
    alnumEdges: true,
    plusTags: false,
    source:
      'Nokia Mail powered by Yahoo FAQ FA134980 (ASCII only, 3–32 characters, letters, numbers, _ . and one -, starts and ends ' +
      'with a letter or number); Mailgun flanker plugins/yahoo.py (4–32, letters, numbers, _ and one .)',
  },
  {
    provider: 'aol',
    domains: ['aol.com', 'aim.com', 'aol.co.uk', 'aol.de', 'aol.fr'],
    punctuation: '._-',
    documented: false,
    minLength: 3,
    maxLength: 32,
    alnumEdges: true,
    plusTags: false,
    source: 'Mailgun flanker plugins/aol.py (3–32 characters, letters, numbers, . and _); AOL help found nowhere, so - is allowed too',
  },
  {
    provider: 'apple',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    punctuation: '._-',
    documented: false,
    alnumEdges: true,
    plusTags: true,
    source:
      'Mailgun flanker plugins/icloud.py (3–20 characters, letters, numbers, . and _, + tags); me.com and mac.com names ' +
      'moved to icloud.com keep older rules, so no length is enforced and - stays allowed',
  },
  {
    provider: 'proton',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    punctuation: '._-',
    documented: false, // the page names . _ - as allowed, not as the whole set
    plusTags: true,
    source: 'Proton support "How to change your username" (proton.me/support/change-username): . _ - are transparent in usernames',
  },
  {
    provider: 'yandex',
    domains: ['yandex.ru', 'yandex.ua', 'yandex.com', 'yandex.by', 'yandex.kz', 'yandex.com.tr', 'ya.ru', 'narod.ru'],
    punctuation: '.-',
    documented: false,
    maxLength: 30,
    alnumEdges: true,
    plusTags: true,
    source:
      'Yandex ID sign-up hint (Latin letters, digits, a single hyphen or dot, starts with a letter, up to 30) as quoted in ' +
      'public login validators; the help page itself was not in our stored copies, so the set is not treated as certain',
  },
  { provider: 'mail.ru', domains: ['mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'internet.ru'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'ukr.net', domains: ['ukr.net'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'i.ua', domains: ['i.ua', 'email.ua', 'ua.fm'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'meta.ua', domains: ['meta.ua'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'bigmir', domains: ['bigmir.net'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'online.ua', domains: ['online.ua'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'rambler', domains: ['rambler.ru', 'lenta.ru', 'ro.ru', 'autorambler.ru', 'myrambler.ru'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  {
    provider: 'gmx',
    domains: [
      'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.com', 'gmx.fr', 'gmx.it', 'gmx.us', 'gmx.co.uk', 'web.de',
      'mail.com', 'email.com',
    ],
    punctuation: CONSERVATIVE,
    documented: false,
    plusTags: false,
    source: UNDOCUMENTED,
  },
  { provider: 'zoho', domains: ['zoho.com', 'zohomail.com', 'zoho.eu'], punctuation: CONSERVATIVE, documented: false, plusTags: true, source: UNDOCUMENTED },
  { provider: 'fastmail', domains: ['fastmail.com', 'fastmail.fm'], punctuation: CONSERVATIVE, documented: false, plusTags: true, source: UNDOCUMENTED },
  { provider: 'tuta', domains: ['tuta.io', 'tuta.com', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'keemail.me'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'wp.pl', domains: ['wp.pl', 'o2.pl', 'onet.pl', 'op.pl', 'interia.pl', 'poczta.onet.pl', 'vp.pl'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
  { provider: 'libero', domains: ['libero.it', 'virgilio.it', 'inwind.it', 'iol.it'], punctuation: CONSERVATIVE, documented: false, plusTags: false, source: UNDOCUMENTED },
];
