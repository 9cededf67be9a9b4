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

/** Longest role name after `canon` (longer local parts cannot be roles). */
let maxRoleLength = 0;

/**
 * Compares ignoring case and the separators people vary (`no-reply`, `no_reply`, `no.reply`),
 * a `+tag` (RFC 5233: info+shop@ is info@) and trailing digits (info2@, support1@).
 * One pass without regexes: this runs once per row.
 */
function canon(local: string, limit = Infinity): string {
  let s = '';
  let letters = 0;
  for (let i = 0; i < local.length; i++) {
    let c = local.charCodeAt(i);
    if (c === 43 && i > 0) break; // '+'
    if (c === 45 || c === 95 || c === 46) continue; // - _ .
    if (c >= 65 && c <= 90) c += 32;
    else if (c >= 128) return local.toLowerCase().replace(/\+.*$/, '').replace(/[-_.]/g, '').replace(/\d+$/, '');
    s += String.fromCharCode(c);
    if (c < 48 || c > 57) letters = s.length;
    if (letters > limit) return '';
  }
  return s.slice(0, letters);
}

const ROLES: ReadonlySet<string> = new Set(ROLE_NAMES.map((name) => canon(name)));
for (const role of ROLES) maxRoleLength = Math.max(maxRoleLength, role.length);

/** `role_account` when the local part names a function, not a person; `extra` adds config names. */
export function checkRole(local: string, extra?: ReadonlySet<string>): Finding | undefined {
  const c = canon(local, extra && extra.size > 0 ? Infinity : maxRoleLength);
  if (c.length === 0) return undefined;
  if (ROLES.has(c) || extra?.has(c) || extra?.has(local.toLowerCase())) {
    return { code: 'role_account', why: 'role.local', args: { local } };
  }
  return undefined;
}
