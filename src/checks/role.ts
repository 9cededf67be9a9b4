/**
 * Role addresses: mailboxes of a function or group (`info@`, `support@`), not of a person. Mailing
 * them is allowed but risky: several people read them, nobody opted in, and they complain more.
 * The list follows RFC 2142 ("Mailbox names for common services") and the role lists used by mail
 * services, plus the forms common in Kwiga's languages: Ukrainian/Russian (transliterated), Polish,
 * Italian, German, Spanish, French.
 */
import type { Finding } from '../findings.js';

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

/** Longest role name after `canon`, plus room for separators and digits (`no-reply-2`). */
let maxRawLength = 0;

const HAS_SEPARATOR = /[-_.]/;
const SEPARATORS = /[-_.]/g;
const TRAILING_DIGITS = /\d+$/;

/**
 * Compares ignoring case and the separators people vary (`no-reply`, `no_reply`, `no.reply`),
 * a `+tag` (RFC 5233: info+shop@ is info@) and trailing digits (info2@, support1@).
 * Runs once per row: native string operations only, and long local parts (people's names) are
 * turned away before any work.
 */
function canon(local: string, limit = Infinity): string {
  let s = local;
  const plus = s.indexOf('+');
  if (plus > 0) s = s.slice(0, plus);
  if (s.length > limit) return '';
  s = s.toLowerCase();
  if (HAS_SEPARATOR.test(s)) s = s.replace(SEPARATORS, '');
  const last = s.charCodeAt(s.length - 1);
  if (last >= 48 && last <= 57) s = s.replace(TRAILING_DIGITS, '');
  return s;
}

const ROLES: ReadonlySet<string> = new Set(ROLE_NAMES.map((name) => canon(name)));
for (const role of ROLES) maxRawLength = Math.max(maxRawLength, role.length + 6);

/** The role names as a trie of char codes, so most personal names are turned away in a few steps. */
interface TrieNode {
  /** Next characters. */
  next: Map<number, TrieNode>;
  /** A role name ends here. */
  end: boolean;
}
const TRIE: TrieNode = { next: new Map(), end: false };
for (const role of ROLES) {
  let node = TRIE;
  for (let i = 0; i < role.length; i++) {
    const c = role.charCodeAt(i);
    let child = node.next.get(c);
    if (!child) node.next.set(c, (child = { next: new Map(), end: false }));
    node = child;
  }
  node.end = true;
}

/**
 * Whether `local` is a built-in role name, walking the trie with `canon`'s rules (case, `- _ .`,
 * a `+tag`, trailing digits) and no allocation: `olena.kovalenko` fails at its second letter.
 * Returns undefined for non-ASCII input, which `canon` handles.
 */
function isBuiltInRole(local: string): boolean | undefined {
  let node: TrieNode | undefined = TRIE;
  let digits = false;
  for (let i = 0; i < local.length; i++) {
    let c = local.charCodeAt(i);
    if (c === 43 && i > 0) break; // '+': the tag does not count
    if (c === 45 || c === 95 || c === 46) continue; // - _ .
    if (c >= 128) return undefined;
    if (c >= 48 && c <= 57) {
      digits = true; // only trailing digits may follow a role name
      continue;
    }
    if (digits) return false;
    if (c >= 65 && c <= 90) c += 32;
    node = node.next.get(c);
    if (!node) return false;
  }
  return node.end;
}

/** `role_account` when the local part names a function, not a person; `extra` adds config names. */
export function checkRole(local: string, extra?: ReadonlySet<string>): Finding | undefined {
  if (!extra || extra.size === 0) {
    const fast = isBuiltInRole(local);
    if (fast === false) return undefined;
    if (fast === true) return { code: 'role_account', why: 'role.local', args: { local } };
  }
  const c = canon(local, extra && extra.size > 0 ? Infinity : maxRawLength);
  if (c.length === 0) return undefined;
  if (ROLES.has(c) || extra?.has(c) || extra?.has(local.toLowerCase())) {
    return { code: 'role_account', why: 'role.local', args: { local } };
  }
  return undefined;
}
