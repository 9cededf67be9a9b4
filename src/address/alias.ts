/**
 * Provider aliasing: different spellings that reach the same mailbox.
 *
 * - Gmail ignores dots in the local part and treats `googlemail.com` as `gmail.com`
 *   (support.google.com/mail/answer/7436150, /10313).
 * - Sub-addressing with `+tag` (RFC 5233) is documented by Gmail, Microsoft (Outlook.com, Hotmail,
 *   Live, MSN), Apple iCloud, Fastmail, Proton, Yandex and Zoho. Elsewhere `+` may be a real part of
 *   the mailbox name, so we leave it alone.
 */

import { joinFlat } from '../model/strings.js';

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

const PLUS_TAGS = new Set([
  'gmail.com', 'googlemail.com',
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.de', 'hotmail.de', 'hotmail.it',
  'outlook.it', 'live.it', 'hotmail.co.uk', 'hotmail.fr', 'outlook.fr', 'hotmail.es', 'outlook.es',
  'icloud.com', 'me.com', 'mac.com',
  'fastmail.com', 'fastmail.fm',
  'protonmail.com', 'proton.me', 'pm.me', 'protonmail.ch',
  'yandex.ru', 'yandex.com', 'yandex.ua', 'ya.ru',
  'zoho.com', 'zohomail.com',
]);

/**
 * The canonical mailbox key for alias matching, or `undefined` when the provider does no aliasing
 * (then only the exact, case-insensitive address identifies the mailbox).
 * `asciiDomain` must already be lowercase.
 */
export function aliasKey(local: string, asciiDomain: string): string | undefined {
  if (!PLUS_TAGS.has(asciiDomain)) return undefined;
  let box = local.toLowerCase();
  const plus = box.indexOf('+');
  if (plus > 0) box = box.slice(0, plus);
  let domain = asciiDomain;
  if (GMAIL.has(domain)) {
    box = box.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return joinFlat(box, '@', domain);
}
