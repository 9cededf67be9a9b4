// Writes a synthetic contact list: names, emails over many domains, phones, tags, with a few
// percent bad addresses, typos and duplicates. Deterministic (seeded) so runs compare.
import { createWriteStream } from 'node:fs';
import { mulberry32 } from './random.mjs';

const FIRST = ['Olena', 'Ivan', 'Marco', 'Anna', 'Piotr', 'Maria', 'Taras', 'Sofia', 'Klaus', 'Laura', 'Jan', 'Iryna', 'Andrii', 'Giulia', 'Lukas', 'Zofia', 'Pablo', 'Nadia', 'Oleh', 'Chiara'];
const LAST = ['Kovalenko', 'Petrenko', 'Rossi', 'Schmidt', 'Nowak', 'Garcia', 'Shevchenko', 'Melnyk', 'Müller', 'Bianchi', 'Kowalski', 'Savchenko', 'Moroz', 'Ferrari', 'Weber', 'Wiśniewska', 'López', 'Lysenko', 'Bondar', 'Romano'];
const POPULAR = ['gmail.com', 'gmail.com', 'gmail.com', 'ukr.net', 'i.ua', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'libero.it', 'gmx.de', 'web.de', 'wp.pl', 'onet.pl', 'meta.ua', 'mail.ru', 'yandex.ru', 'proton.me', 't-online.de', 'virgilio.it'];
const TYPOS = ['gmial.com', 'gmail.con', 'hotmial.com', 'ukr.ner', 'yaho.com', 'outlok.com'];
const TAGS = ['student', 'lead', 'vip', 'webinar', 'course-a', 'course-b', 'newsletter'];

const rand = mulberry32(42);
const pick = (list) => list[Math.floor(rand() * list.length)];

export async function generate(path, rows, companyDomains = 20_000) {
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? undefined : new Promise((ok) => out.once('drain', ok)));
  await write('First Name,Last Name,Email,Phone,Tags,Signed Up\n');
  const emails = [];
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    // Mailboxes are ASCII in practice (big providers allow nothing else): ü → u, ś → s.
    const ascii = (name) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const r = rand();
    let email;
    if (r < 0.02 && emails.length) email = pick(emails);
    else if (r < 0.03) email = `${first}.${ascii(last)}${i}`.toLowerCase();
    else if (r < 0.04) email = `${first}${i}@${pick(TYPOS)}`.toLowerCase();
    else if (r < 0.045) email = '';
    else {
      const domain = rand() < 0.6 ? pick(POPULAR) : `company${Math.floor(rand() * companyDomains)}.com`;
      email = `${first}.${ascii(last)}.${i}@${domain}`.toLowerCase();
    }
    if (emails.length < 1000) emails.push(email);
    const phone = `+380${Math.floor(500000000 + rand() * 499999999)}`;
    const tags = rand() < 0.3 ? `"${pick(TAGS)},${pick(TAGS)}"` : pick(TAGS);
    await write(`${first},${last},${email},${phone},${tags},2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}\n`);
  }
  await new Promise((ok) => out.end(ok));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generate(process.argv[2] ?? 'bench/data/contacts.csv', Number(process.argv[3] ?? 1_000_000));
}
