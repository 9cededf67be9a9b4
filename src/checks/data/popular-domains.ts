/**
 * Mail domains we suggest when a domain looks misspelt, most used first (ties in a suggestion go to
 * the earlier one). Chosen for Kwiga's audience: worldwide providers, then Ukraine, Italy, Germany,
 * Austria/Switzerland, Spain, Poland, Russia/Belarus/Kazakhstan and other European countries.
 * Every entry is a real provider that hands out mailboxes (checked against the email-providers
 * package and the providers' own sign-up pages); a wrong entry here would turn real addresses into
 * "typos" of it, so add only domains that people really use for mail.
 */
export const POPULAR_DOMAIN_LIST: readonly string[] = [
  // worldwide
  'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'live.com',
  'msn.com', 'me.com', 'mac.com', 'googlemail.com', 'ymail.com', 'rocketmail.com', 'proton.me',
  'protonmail.com', 'pm.me', 'zoho.com', 'gmx.com', 'mail.com', 'email.com', 'yandex.com',
  'fastmail.com', 'tutanota.com', 'tuta.io', 'hey.com', 'qq.com', '163.com', 'comcast.net',
  'att.net', 'verizon.net', 'sbcglobal.net', 'bellsouth.net', 'cox.net', 'charter.net',
  'earthlink.net', 'optonline.net', 'btinternet.com', 'sky.com', 'virginmedia.com', 'ntlworld.com',
  'shaw.ca', 'rogers.com', 'sympatico.ca', 'telus.net', 'bigpond.com', 'optusnet.com.au',
  'xtra.co.nz', 'aim.com', 'facebook.com', 'google.com',
  // Ukraine
  'ukr.net', 'i.ua', 'meta.ua', 'bigmir.net', 'email.ua', 'online.ua', 'ua.fm', 'mail.ua',
  'yandex.ua', 'kyivstar.net',
  // Russia, Belarus, Kazakhstan (many Ukrainian contacts still use them)
  'mail.ru', 'yandex.ru', 'ya.ru', 'rambler.ru', 'list.ru', 'bk.ru', 'inbox.ru', 'internet.ru',
  'yandex.by', 'yandex.kz', 'tut.by', 'mail.kz',
  // Italy
  'libero.it', 'virgilio.it', 'alice.it', 'tin.it', 'tiscali.it', 'hotmail.it', 'yahoo.it',
  'live.it', 'outlook.it', 'email.it', 'fastwebnet.it', 'inwind.it', 'iol.it', 'tim.it',
  'pec.it', 'legalmail.it', 'arubapec.it', 'aruba.it', 'gmx.it',
  // Germany, Austria, Switzerland
  'gmx.de', 'web.de', 't-online.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'freenet.de', 'arcor.de',
  'posteo.de', 'mailbox.org', 'mail.de', 'online.de', 'vodafone.de', 'hotmail.de', 'yahoo.de',
  'outlook.de', 'googlemail.de', 'aon.at', 'chello.at', 'a1.net', 'bluewin.ch', 'hispeed.ch',
  'sunrise.ch',
  // Spain, Portugal
  'hotmail.es', 'yahoo.es', 'outlook.es', 'live.com.mx', 'telefonica.net', 'movistar.es',
  'terra.es', 'sapo.pt',
  // Poland
  'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'op.pl', 'poczta.onet.pl', 'vp.pl', 'gazeta.pl',
  'tlen.pl', 'go2.pl', 'poczta.fm', 'interia.eu', 'onet.eu', 'autograf.pl',
  // France, Benelux, UK and Ireland
  'orange.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'wanadoo.fr', 'hotmail.fr', 'yahoo.fr',
  'outlook.fr', 'live.fr', 'gmx.fr', 'ziggo.nl', 'kpnmail.nl', 'home.nl', 'planet.nl',
  'hotmail.nl', 'live.nl', 'telenet.be', 'skynet.be', 'proximus.be', 'hotmail.be',
  'hotmail.co.uk', 'yahoo.co.uk', 'live.co.uk', 'outlook.ie', 'eircom.net',
  // Czechia, Slovakia, Hungary, Romania, Bulgaria, Baltics, Nordics, Greece, Turkey
  'seznam.cz', 'centrum.cz', 'email.cz', 'post.cz', 'atlas.cz', 'azet.sk', 'zoznam.sk',
  'centrum.sk', 'freemail.hu', 'citromail.hu', 'yahoo.ro', 'abv.bg', 'mail.bg', 'dir.bg',
  'inbox.lv', 'inbox.lt', 'one.lt', 'mail.ee', 'hot.ee', 'telia.com', 'hotmail.se', 'live.se',
  'online.no', 'yahoo.gr', 'otenet.gr', 'hotmail.com.tr', 'yandex.com.tr', 'mynet.com',
  // Americas, Asia (students abroad)
  'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'hotmail.com.br', 'yahoo.com.mx',
  'hotmail.com.ar', 'yahoo.com.ar', 'yahoo.ca', 'hotmail.ca', 'yahoo.co.in', 'rediffmail.com',
  'yahoo.co.jp', 'naver.com', 'daum.net', 'yahoo.com.au', 'live.com.au',
];

/**
 * Real mail domains that are one keystroke from a popular one and are NOT listed in email-providers:
 * they must never be "corrected". Most come from the default domain lists of mailcheck 1.1.2 and
 * @zootools/email-spell-checker (both MIT), which list them as providers in their own right.
 */
export const EXTRA_REAL_DOMAINS: readonly string[] = [
  'mailw.com', 'pm.com', 'titan.email', 'gmx.us', 'gmx.co.uk', 'mail.co.uk', 'email.de',
  'emailn.de', 'yahoo.co.id', 'hotmail.co.jp', 'outlook.jp', 'ymail.ne.jp',
];
