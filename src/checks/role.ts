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

/** `role_account` when the local part names a function, not a person; `extra` adds config names. */
export function checkRole(local: string, extra?: ReadonlySet<string>): Finding | undefined {
  const c = canon(local, extra && extra.size > 0 ? Infinity : maxRawLength);
  if (c.length === 0) return undefined;
  if (ROLES.has(c) || extra?.has(c) || extra?.has(local.toLowerCase())) {
    return { code: 'role_account', why: 'role.local', args: { local } };
  }
  return undefined;
}
