/**
 * The tables behind `classifyRcptReply`: enhanced status codes and reply texts, as data.
 * Texts are matched against the lower-cased reply text (codes removed), so patterns are lower case.
 *
 * Sources:
 * - RFC 3463 (enhanced status codes) and the IANA "SMTP Enhanced Status Codes" registry
 *   (5.1.10 is RFC 7505's "recipient address has null MX", used by Microsoft for unknown users);
 * - RFC 5321 §4.2.2/§4.5.3.1.10 (reply codes; 452 for too many recipients);
 * - Sisimai (sisimai/p5-sisimai, BSD-2-Clause): the reason names and the kind of wording each
 *   reason matches (`lib/Sisimai/Reason/*.pm`), and the sample diagnostics in
 *   test/corpora/bounces/, which the tests run through this table;
 * - the wording of the big providers' own replies as quoted in that corpus (Gmail, Microsoft,
 *   Orange, Yahoo, iCloud);
 * - the non-English phrases are our own list of the usual server wordings in the languages our
 *   customers' lists are in (uk, ru, de, fr, es, it, pt, pl, nl).
 */

/**
 * RFC 3463 §3.2: X.1.1 bad destination mailbox address, X.1.6 destination mailbox has moved (no
 * forwarding address), X.2.1 mailbox disabled, not accepting messages; IANA registry: X.1.10
 * recipient address has null MX (Microsoft's `RESOLVER.ADR.RecipientNotFound`).
 */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['5.1.1', '5.1.6', '5.1.10', '5.2.1']);

/** RFC 3463 §3.3: X.2.2 mailbox full. */
export const FULL_CODES: ReadonlySet<string> = new Set(['4.2.2', '5.2.2']);

/** "The mailbox does not exist / is disabled", as servers word it. */
export const NOT_FOUND_TEXTS: readonly RegExp[] = [
  // English (Sisimai's userunknown, suspend and hasmoved wordings; reacher's parser has the same).
  /\buser unknown\b/,
  /\bunknown (?:user|recipient|mailbox|local[- ]part|e-?mail address)\b/,
  /\bno such (?:user|mailbox|recipient|address|person)\b/,
  /\bmailbox (?:unavailable|not found|not present|invalid|is (?:inactive|unavailable|disabled))\b/,
  /\bnot exist\b|\bdoesn't exist\b/,
  /\b(?:recipient|user|mailbox|address) (?:not found|unknown|not exist)\b|\brecipient rejected\b/,
  /\binvalid (?:recipient|mailbox|address)\b/,
  /\bis not a (?:valid mailbox|known user)\b/,
  /\bresolver\.adr\.recip(?:ient)?notfound\b/,
  /\bno mailbox (?:here|by that name)\b/,
  /\b(?:account|mailbox|address) (?:has been |is )?(?:disabled|deactivated|discontinued|suspended|inactive)\b/,
  /\binactive (?:email )?(?:address|account|mailbox)\b|\bdisabled (?:recipient|account|mailbox|user)\b/,
  /\b(?:recipient|user) account is (?:blocked|locked|disabled)\b|\bmailbox is frozen\b/,
  /\bno longer (?:on server|accepts mail|active)\b/,
  /\bnot our (?:user|customer)\b/,
  /\bdoesn't have an? [^ ]+ account\b/,
  // Exim's reply when no router accepts the address (route.c: "Unrouteable address", no enhanced
  // code): at the domain's own MX, the usual answer for an unknown local part (Debian exim4-config
  // `require verify = recipient`; transcript in test/fixtures/smtp-real/exim-4.96-debian.txt).
  // Sisimai files it under hostunknown; either way mail to it bounces, and the catch-all check
  // still has to see a made-up address refused before a row is rejected.
  /\bunrout(?:e)?able address\b/,
  // Ukrainian
  /(?:користувач|адреса|скринька|отримувач)[^.]{0,30}не (?:існує|знайден)/,
  /невідом(?:ий|а) (?:користувач|адреса|отримувач)/,
  // Russian
  /(?:пользовател|адрес|ящик|получател)[^.]{0,30}не (?:существует|найден)/,
  /(?:нет такого|неизвестный) (?:пользователя|пользователь|адреса|адрес|получатель)/,
  // German
  /(?:benutzer|empfänger|empfaenger|adresse|postfach|mailbox)[^.]{0,30}(?:unbekannt|existiert nicht|nicht gefunden)/,
  /unbekannte[rs]? (?:benutzer|empfänger|empfaenger|adresse)/,
  // French (Orange's "Adresse destinataire invalide" is in the Sisimai corpus)
  /(?:destinataire|adresse|utilisateur|boîte|boite)[^.]{0,30}(?:invalide|inconnu|inexistant|n'existe pas|introuvable)/,
  // Spanish
  /(?:usuario|destinatario|buzón|buzon|dirección|direccion)[^.]{0,30}(?:desconocido|no existe|inexistente)/,
  /no existe (?:dicha persona|ese usuario|el usuario)/,
  // Italian
  /(?:utente|destinatario|casella|indirizzo)[^.]{0,30}(?:sconosciut|inesistente|non esiste)/,
  // Portuguese
  /(?:usuário|usuario|utilizador|destinatário|destinatario|caixa)[^.]{0,30}(?:desconhecido|inexistente|não existe|nao existe)/,
  // Polish
  /(?:użytkownik|uzytkownik|adres|skrzynka|odbiorca)[^.]{0,30}(?:nie istnieje|nieznany|nie znaleziono)/,
  /nieznany (?:użytkownik|uzytkownik|odbiorca|adres)/,
  // Dutch
  /(?:gebruiker|ontvanger|adres|mailbox)[^.]{0,30}(?:onbekend|bestaat niet|niet gevonden)/,
];

/** "The mailbox is full" (Sisimai's mailboxfull wordings; Gmail's OverQuota, iCloud, Microsoft). */
export const FULL_TEXTS: readonly RegExp[] = [
  /\bover ?quota\b/,
  /\bquota (?:exceeded|exceed)\b/,
  /\bmailbox (?:is )?full\b/,
  /\b(?:inbox|mailbox) is out of storage\b/,
  /\bmailbox (?:size|storage) limit\b/,
  /\btoo many messages (?:in|on)\b/,
  /\bquotaexceeded\b/,
  /(?:ящик|скринька) (?:переполнен|переповнен)/,
  /postfach (?:ist )?voll/,
  /boîte (?:aux lettres )?pleine|boite (?:aux lettres )?pleine/,
  /buzón (?:lleno|completo)|buzon (?:lleno|completo)/,
  /casella (?:piena|è piena)/,
];

/**
 * Policy and blocklist answers about *us* (the client host or sender), not about the mailbox:
 * Sisimai's blocked, requireptr, badreputation, authfailure, securityerror and policyviolation
 * wordings; the issue's list ("blocked using", Spamhaus, no reverse DNS, PTR, "not allowed to
 * send", "client host rejected").
 */
export const POLICY_TEXTS: readonly RegExp[] = [
  /\bblocked using\b/,
  /\bspamhaus\b|\bspamcop\b|\bsorbs\b|\bbarracuda(?:central)?\b|\bcloudmark\b|\bproofpoint\b/,
  /\b(?:dnsbl|rbl|blocklist(?:ed)?|blacklist(?:ed)?|block list|black list)\b/,
  /\bclient host (?:rejected|blocked)\b/,
  /\b(?:no|missing|bad|invalid|fix) (?:valid )?(?:reverse dns|rdns|ptr)\b|\bptr record\b|\breverse dns\b/,
  /\bnot allowed to send\b|\bnot permitted to relay\b/,
  /\b(?:ip|host|sender|client|network)(?: address)? (?:is |has been )?(?:blocked|banned|blacklisted|listed|rejected|not allowed)\b/,
  /\b(?:banned|blocked) (?:sending )?(?:ip|host|network)\b/,
  /\bip(?: address)? \S+ (?:is |has been )?(?:blocked|banned|blacklisted|listed)\b/,
  /\breputation\b/,
  /\b(?:spf|dmarc|dkim)\b/,
  /\bhelo\b|\behlo\b/,
  /\baccess denied\b.*\b(?:ip|banned|blocked)\b/,
  /\bsender (?:address )?rejected\b|\bdomain of sender\b/,
  /\bpolicy (?:reasons|violation|rejection)\b|\bdenied by policy\b/,
];

/** Rate limits applied to us: stop, don't retry into them (Sisimai's speeding, toomanyconn). */
export const RATE_TEXTS: readonly RegExp[] = [
  /\bsent to too many recipients\b/,
  /\btry again slower\b|\bslow down\b/,
  /\brate limit(?:ed|ing)?\b|\bfrequency limited\b|\btoo many connections\b|\bconnection rate\b/,
];

/** A recipient that receives mail too fast exists (Gmail: "receiving mail at a rate that prevents …"). */
export const RECIPIENT_RATE_TEXTS: readonly RegExp[] = [/\breceiving mail (?:at a rate|too quickly)\b/];

/**
 * RFC 5321 §4.5.3.1.10: "452 too many recipients" (some old servers say 552). Also Debian's
 * exim4-config, which answers every RCPT after the 10th of a message, when fewer than half were
 * accepted, "550 Rejected for too many bad recipients" (acl/30_exim4-config_check_rcpt), valid
 * mailboxes included: not a fact about the mailbox, so the rest go into a new envelope.
 */
export const TOO_MANY_TEXTS: readonly RegExp[] = [/\btoo many (?:(?:bad|invalid|unknown) )?(?:recipients|rcpts?)\b/, /\brecipient limit\b/];

/** Greylisting (postgrey, Postfix, Exim and Microsoft wordings): come back later. */
export const GREYLIST_TEXTS: readonly RegExp[] = [
  /\bgr[ae]y ?list(?:ed|ing)?\b/,
  /\btry (?:again )?later\b|\bcome back later\b|\bplease retry\b|\btemporar(?:y|ily)\b/,
];
