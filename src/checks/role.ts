/**
 * Role addresses: mailboxes of a function or group (`info@`, `support@`), not of a person. Mailing
 * them is allowed but risky: several people read them, nobody opted in, and they complain more.
 * The list follows RFC 2142 ("Mailbox names for common services") and the role lists used by mail
 * services, plus the forms common in Kwiga's languages: Ukrainian/Russian (transliterated), Polish,
 * Italian, German, Spanish, French.
 */
import type { Finding } from '../model/findings.js';

const ROLE_NAMES = [
  // RFC 2142 and common English roles
  'info', 'information', 'admin', 'administrator', 'root', 'sysadmin', 'support', 'help', 'helpdesk',
  'sales', 'marketing', 'office', 'contact', 'contacts', 'contactus', 'hello', 'mail',
  'email', 'noreply', 'donotreply', 'dontreply', 'postmaster', 'hostmaster', 'abuse', 'security',
  'webmaster', 'www', 'billing', 'accounts', 'accounting', 'finance', 'invoice', 'invoices',
  'payments', 'team', 'staff', 'hr', 'jobs', 'careers', 'recruiting', 'press', 'media', 'news',
  'newsletter', 'enquiries', 'enquiry', 'inquiries', 'feedback', 'service', 'services',
  'customerservice', 'customercare', 'orders', 'order', 'shop', 'store', 'booking', 'bookings',
  'reception', 'frontdesk', 'legal', 'privacy', 'compliance', 'it', 'tech', 'dev', 'devnull',
  'nobody', 'mailerdaemon', 'list', 'lists', 'listserv', 'majordomo', 'ftp', 'uucp', 'usenet',
  'events', 'partners', 'partner', 'management', 'secretary', 'everyone',
  // Ukrainian / Russian, transliterated
  'pochta', 'poshta', 'kontakty', 'kontakt', 'pidtrymka', 'podderzhka', 'zakaz', 'zamovlennia',
  'buhgalteria', 'buhgalteriya', 'bukhgalteria', 'buhalteria', 'priemnaya', 'pryimalnia', 'ofis',
  'kancelyaria', 'kantselyariya', 'sekretar', 'otdelkadrov', 'viddilkadriv', 'prodazhi',
  'prodazhy',
  // Polish
  'biuro', 'sekretariat', 'sprzedaz', 'pomoc', 'zamowienia', 'ksiegowosc', 'obsluga', 'recepcja',
  'kadry', 'faktury',
  // Italian
  'ufficio', 'amministrazione', 'segreteria', 'vendite', 'assistenza', 'ordini', 'contabilita',
  'commerciale', 'informazioni', 'direzione', 'fatture', 'prenotazioni', 'supporto',
  // German
  'buero', 'buro', 'kontaktformular', 'vertrieb', 'buchhaltung', 'verwaltung', 'verkauf',
  'bestellung', 'bestellungen', 'rechnung', 'rechnungen', 'empfang', 'kundenservice',
  'kundendienst', 'anfrage', 'anfragen',
  // Spanish / French
  'ventas', 'contacto', 'administracion', 'soporte', 'ayuda', 'pedidos', 'oficina', 'recepcion',
  'facturacion', 'informacion', 'comercial', 'contabilidad', 'ventes', 'commandes', 'accueil',
  'bonjour', 'comptabilite', 'facturation', 'secretariat', 'direction',
];

/**
 * Role names that people also pick as a nickname or a word of a personal address (`mail1`,
 * `email2`, `shop123`, `team7`, `hello123`, `root1337`, `jobs` the surname). Digits after them
 * usually make a personal handle, so only the bare name is a role (see NUMBERED below).
 */
const NAME_LIKE: ReadonlySet<string> = new Set([
  'mail', 'email', 'pochta', 'poshta', 'shop', 'store', 'team', 'tech', 'media', 'news', 'press',
  'hello', 'bonjour', 'nobody', 'everyone', 'root', 'jobs', 'list', 'lists',
]);

/**
 * The rule for trailing digits: an organisation numbers its function mailboxes (`info2@`,
 * `support1@`, `sales2@`, `office1@`), a person numbers a handle (`dev1990@`, `hr1@`, `mail1@`).
 * Digits are ignored only after a role name of at least 4 letters that is not NAME_LIKE; short
 * names (`it`, `hr`, `dev`, `www`) are too easily initials or a nickname stem, so they count
 * only when written bare.
 */
const NUMBERED_MIN = 4;

/** How a role name may end a local part: not at all, bare only, or bare or followed by digits. */
const NONE = 0;
const BARE = 1;
const NUMBERED = 2;

/** The role names as a trie of char codes, so most personal names are turned away in a few steps. */
interface TrieNode {
  /** Next characters (lower case). */
  next: Map<number, TrieNode>;
  /** Whether a role name ends here: NONE, BARE or NUMBERED. */
  end: number;
}

function insert(root: TrieNode, name: string, end: number): void {
  let node = root;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    let child = node.next.get(c);
    if (!child) node.next.set(c, (child = { next: new Map(), end: NONE }));
    node = child;
  }
  node.end = Math.max(node.end, end);
}

const BUILT_IN: TrieNode = { next: new Map(), end: NONE };
for (const name of ROLE_NAMES) {
  insert(BUILT_IN, name, name.length >= NUMBERED_MIN && !NAME_LIKE.has(name) ? NUMBERED : BARE);
}

/** Result of a walk: a role, no role, or stopped at a non-ASCII character (lowercase and retry). */
const NO = 0;
const YES = 1;
const NON_ASCII = 2;

function isSeparator(c: number): boolean {
  return c === 45 || c === 95 || c === 46; // - _ .
}

/**
 * Whether `local` spells a role name in `root`, with no allocation (this runs on every row):
 * - ASCII case is ignored, and a `+tag` (RFC 5233: `info+shop@` is `info@`);
 * - the separators people vary are ignored (`no-reply`, `no_reply`, `no.reply`, `e-mail`), except
 *   between two one-letter pieces: `h.r`, `i.t`, `i.n.f.o` are a person's initials, not `hr@`;
 * - trailing digits (after an optional separator: `info2`, `support-1`) only when the role name
 *   allows them (NUMBERED); digits anywhere else make it a personal name.
 * `olena.kovalenko` is turned away at its second letter.
 */
function walk(root: TrieNode, local: string): number {
  let node: TrieNode | undefined = root;
  let piece = 0; // letters in the current piece (between separators)
  let prevPiece = 0; // letters in the piece before the last separator
  let digits = false;
  let i = 0;
  for (; i < local.length; i++) {
    let c = local.charCodeAt(i);
    if (c === 43 && i > 0) break; // '+': the tag does not count
    if (isSeparator(c) || (c >= 48 && c <= 57)) {
      if (piece === 1 && prevPiece === 1) return NO; // initials
      if (piece > 0) prevPiece = piece;
      piece = 0;
      if (!isSeparator(c)) digits = true;
      continue;
    }
    if (digits) return NO; // only trailing digits may follow a role name
    if (c >= 65 && c <= 90) c += 32;
    node = node.next.get(c);
    // A non-ASCII letter may match once lowercased (the Kelvin sign is `k`, config names may be
    // Cyrillic): walk again in lower case, unless it is a lower-case Cyrillic letter already,
    // the common case of Ukrainian lists, which lowercasing cannot change.
    if (!node) return c >= 128 && (c < 0x430 || c > 0x45f) ? NON_ASCII : NO;
    piece++;
  }
  if (piece === 1 && prevPiece === 1) return NO;
  if (node.end === NUMBERED || (node.end === BARE && !digits)) return YES;
  return NO;
}

/** Config role names, merged into a copy of the built-in trie (memoised per set: one per run). */
interface ExtraRoles {
  /** Built-in names plus the config names, separators removed. */
  trie: TrieNode;
  /** Config names holding a separator or digit, matched as written too (`h.r`, `kasa2`). */
  literal: ReadonlySet<string>;
}

const extraCache = new WeakMap<ReadonlySet<string>, ExtraRoles>();

function copy(node: TrieNode): TrieNode {
  const next = new Map<number, TrieNode>();
  for (const [c, child] of node.next) next.set(c, copy(child));
  return { next, end: node.end };
}

/**
 * A config name is trusted as unambiguous: like a built-in one it may take trailing digits when
 * it has at least NUMBERED_MIN letters. Names with digits are matched only as written.
 */
function extraRoles(extra: ReadonlySet<string>): ExtraRoles {
  let roles = extraCache.get(extra);
  if (roles) return roles;
  const trie = copy(BUILT_IN);
  const literal = new Set<string>();
  for (const raw of extra) {
    const name = raw.toLowerCase();
    const letters = name.replace(/[-_.]/g, '');
    if (letters !== name || /\d/.test(name)) literal.add(name);
    if (letters !== '' && !/\d/.test(letters)) insert(trie, letters, letters.length >= NUMBERED_MIN ? NUMBERED : BARE);
  }
  roles = { trie, literal };
  extraCache.set(extra, roles);
  return roles;
}

function matches(root: TrieNode, local: string): boolean {
  const r = walk(root, local);
  // Only a non-ASCII local part pays for lowercasing (the Kelvin sign `K` lowercases to `k`).
  return r === YES || (r === NON_ASCII && walk(root, local.toLowerCase()) === YES);
}

/** `role_account` when the local part names a function, not a person; `extra` adds config names. */
export function checkRole(local: string, extra?: ReadonlySet<string>): Finding | undefined {
  let role: boolean;
  if (!extra || extra.size === 0) role = matches(BUILT_IN, local);
  else {
    const roles = extraRoles(extra);
    role = matches(roles.trie, local);
    if (!role && roles.literal.size > 0) {
      const plus = local.indexOf('+');
      role = roles.literal.has((plus > 0 ? local.slice(0, plus) : local).toLowerCase());
    }
  }
  return role ? { code: 'role_account', why: 'role.local', args: { local } } : undefined;
}
