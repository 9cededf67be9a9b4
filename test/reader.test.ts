import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KwigaError } from '../src/model/errors.js';
import { openInput } from '../src/io/reader.js';
import type { InputRow } from '../src/model/row.js';
import { tempDir } from './helpers/temp.js';

const CORPORA = join(import.meta.dirname, 'corpora');
const tmp = tempDir('kwiga-reader-');
let counter = 0;

function file(content: string | Buffer, name = `in-${counter++}.csv`): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, options = {}) {
  const reader = await openInput(path, options);
  const rows: InputRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { meta: reader.meta, rows, stats: reader.stats };
}

describe('contact-export layouts (test/corpora/headers)', () => {
  it.each([
    ['mailchimp-audience-export.csv', 'Email Address', ','],
    ['hubspot-contacts-export.csv', 'Email', ','],
    ['google-contacts.csv', 'E-mail 1 - Value', ','],
    ['google-contacts-legacy.csv', 'E-mail 1 - Value', ','],
    ['google-outlook-csv.csv', 'E-mail Address', ','],
    ['outlook-desktop-en.csv', 'E-mail Address', ','],
    ['outlook-com.csv', 'E-mail Address', ','],
    ['brevo-import.csv', 'EMAIL', ';'],
    ['outlook-desktop-de.csv', 'E-Mail-Adresse', ','],
    ['excel-de-semicolon-cp1252.csv', 'E-Mail-Adresse', ';'],
    ['excel-de-semicolon-utf8-bom.csv', 'E-Mail-Adresse', ';'],
  ])('%s: column %s, delimiter %j', async (name, column, delimiter) => {
    const { meta, rows } = await readAll(join(CORPORA, 'headers', name));
    expect(meta.emailColumnName).toBe(column);
    expect(meta.delimiter).toBe(delimiter);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.malformed)).toEqual([]);
  });

  it('reads the German Excel export in windows-1252 with its umlauts', async () => {
    const { meta, rows } = await readAll(join(CORPORA, 'headers/excel-de-semicolon-cp1252.csv'));
    expect(meta.encoding).toBe('windows-1252');
    const text = rows.map((r) => r.fields.join(' ')).join(' ');
    expect(text).toMatch(/[äöüß]/);
  });
});

describe('node-csv samples', () => {
  const dir = join(CORPORA, 'csv/node-csv-samples');
  it('UTF-8 BOM with CRLF', async () => {
    const { meta, rows } = await readAll(join(dir, '365-utf8-bom-windows.csv'), { emailColumn: 1 });
    expect(meta.header).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.fields)).toEqual([['1', '2', '3']]);
  });
  it('UTF-16LE with BOM', async () => {
    const { meta, rows } = await readAll(join(dir, '365-utf16le-bom-windows.csv'), { emailColumn: 1 });
    expect(meta.encoding).toBe('utf-16le');
    expect(meta.header).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.fields)).toEqual([['1', '2', '3']]);
  });
  it('411: a trailing comma (one empty extra field) keeps the row', async () => {
    // node-csv skips this record as "Invalid Record Length"; we keep it (see reader.ts toRow).
    const { meta, rows } = await readAll(join(dir, '411.csv'));
    expect(meta.emailColumnName).toBe('email');
    expect(rows.map((r) => r.fields[3])).toEqual(['rgrinyov0@weebly.com', 'klauderdale1@wsj.com', 'cbendix2@tuttocitta.it']);
    expect(rows.every((r) => r.fields.length === 5)).toBe(true);
  });
  it('327: Latin-1 text is read as windows-1252', async () => {
    const { meta, rows } = await readAll(join(dir, '327.cws.csv'), { emailColumn: 1 });
    expect(meta.encoding).toBe('windows-1252');
    expect(rows.at(-1)!.fields).toEqual(['Acentuação1', 'acentuação2']);
  });
  it('327: the same text in UTF-8', async () => {
    const { meta, rows } = await readAll(join(dir, '327.cws.buf.csv'), { emailColumn: 1 });
    expect(meta.encoding).toBe('utf-8');
    // No addresses anywhere, so nothing says the first row is a header: both rows are data.
    expect(rows.map((r) => r.fields)).toEqual([['field1', 'field2'], ['Acentuação1', 'acentuação2']]);
  });
  it('fs_read: semicolons, no header', async () => {
    const { meta, rows } = await readAll(join(dir, 'fs_read.csv'), { emailColumn: 1 });
    expect(meta.delimiter).toBe(';');
    expect(rows.map((r) => r.fields)).toEqual([['abc', '123'], ['def', '456'], ['ghi', '789']]);
  });
});

describe('encodings', () => {
  const text = 'Ім’я;Електронна пошта\nОлена Коваленко;olena@ukr.net\nТарас Шевченко;taras@i.ua\n';
  it.each([
    ['windows-1251', iconv.encode(text, 'windows-1251')],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])],
    ['utf-8', Buffer.from(text)],
  ])('%s is detected and decoded', async (encoding, bytes) => {
    const { meta, rows } = await readAll(file(bytes.toString('latin1') === '' ? '' : bytes));
    expect(meta.encoding).toBe(encoding);
    expect(meta.emailColumnName).toBe('Електронна пошта');
    expect(rows[0]!.fields).toEqual(['Олена Коваленко', 'olena@ukr.net']);
  });
  it('gzip input is read transparently', async () => {
    const { meta, rows } = await readAll(file(gzipSync(Buffer.from('email\na@b.com\n')), 'list.csv.gz'));
    expect(meta.gzip).toBe(true);
    expect(rows[0]!.fields).toEqual(['a@b.com']);
  });
});

describe('layouts', () => {
  it('finds the address column by content when there is no header', async () => {
    const { meta, rows } = await readAll(file('Olena,olena@ukr.net,1\nIvan,ivan@i.ua,2\n'));
    expect(meta.header).toBeUndefined();
    expect(meta.emailColumn).toBe(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.line).toBe(1);
  });
  it.each([
    ['Ukrainian', 'Ім’я,Електронна пошта', 'Електронна пошта'],
    ['Russian', 'Имя,Эл. почта', 'Эл. почта'],
    ['Italian', 'Nome,Indirizzo email', 'Indirizzo email'],
    ['Spanish', 'Nombre,Correo electrónico', 'Correo electrónico'],
    ['Polish', 'Imię,Adres e-mail', 'Adres e-mail'],
    ['French', 'Nom,Courriel', 'Courriel'],
    ['German', 'Name,E-Mail-Adresse', 'E-Mail-Adresse'],
  ])('%s header', async (_lang, header, column) => {
    const { meta } = await readAll(file(`${header}\nX,x@example.com\n`));
    expect(meta.emailColumnName).toBe(column);
  });
  it('prefers the named column that holds addresses', async () => {
    const { meta } = await readAll(file('Email,Notes,Email 2\n,hello,a@b.com\n'));
    expect(meta.emailColumnName).toBe('Email 2');
  });
  it('--email-column by name and by number', async () => {
    expect((await readAll(file('a,b\nx@y.com,z@w.com\n'), { emailColumn: 'b' })).meta.emailColumn).toBe(1);
    expect((await readAll(file('a,b\nx@y.com,z@w.com\n'), { emailColumn: 2 })).meta.emailColumn).toBe(1);
  });
  it('marks ragged rows malformed, keeping their text', async () => {
    const { rows } = await readAll(file('name,email,phone\nA,a@b.com,1,extra\nB\nC,c@d.com\n'));
    expect(rows.map((r) => r.malformed?.why ?? 'ok')).toEqual(['csv.field_count', 'csv.field_count', 'ok']);
    expect(rows[0]!.raw).toBe('A,a@b.com,1,extra');
    expect(rows[2]!.fields).toEqual(['C', 'c@d.com']);
  });
  it('counts blank lines and reads a header-only file as zero rows', async () => {
    expect((await readAll(file('email\n\n\na@b.com\n\n'))).stats.blankLines).toBe(3);
    expect((await readAll(file('email\n'))).rows).toEqual([]);
  });
});

describe('refusals', () => {
  const refusal = async (path: string) => {
    const error = await openInput(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KwigaError);
    return (error as KwigaError).message;
  };
  it.each([
    ['empty file', () => file(''), /is empty/],
    ['missing path', () => join(tmp, 'nope.csv'), /does not exist/],
    ['directory', () => tmp, /is a directory/],
    ['xlsx', () => file(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('[Content_Types].xml xl/workbook.xml')]), 'c.xlsx'), /Excel workbook/],
    ['png', () => file(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])), /image/],
    ['binary', () => file(Buffer.alloc(1000, 0)), /not a text file/],
    ['no email column', () => file('name,phone\nOlena,123\n'), /no column that looks like email/],
  ])('%s', async (_name, make, message) => {
    expect(await refusal(make())).toMatch(message);
  });
  it('reads a real file in the corpus without error', () => {
    expect(readFileSync(join(CORPORA, 'headers/brevo-import.csv')).length).toBeGreaterThan(0);
  });
});

describe('broken UTF-8', () => {
  it('stays UTF-8 when a few bytes are broken, and only their row shows U+FFFD', async () => {
    const good = 'Ім’я,Email\n' + Array.from({ length: 30 }, (_, i) => `Олена Коваленко ${i},olena${i}@ukr.net\n`).join('');
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x42, 0xe9, 0x61, 0x2c]), Buffer.from('bea@ukr.net\n')]);
    const { meta, rows } = await readAll(file(bytes));
    expect(meta.encoding).toBe('utf-8');
    expect(rows[0]!.fields[0]).toBe('Олена Коваленко 0');
    expect(rows.at(-1)!.fields).toEqual(['B\uFFFDa', 'bea@ukr.net']);
  });
});

describe('more refusals and tolerances', () => {
  it('refuses random bytes as not a text file', async () => {
    let seed = 7;
    const bytes = Buffer.alloc(3000, 0).map(() => ((seed = (seed * 1103515245 + 12345) % 2147483648), (seed >> 16) & 0xff || 1));
    await expect(openInput(file(Buffer.from(bytes)))).rejects.toThrow(/not a text file/);
  });
  it('names a Word document', async () => {
    await expect(openInput(file(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('[Content_Types].xml word/document.xml')]), 'a.docx'))).rejects.toThrow(/Word document/);
  });
  it('refuses an --email-column past the last column', async () => {
    await expect(openInput(file('a,b\nx@y.com,z\n'), { emailColumn: 9 })).rejects.toThrow('has 2 columns; --email-column 9 is out of range');
  });
  it('reads rows of empty cells (Excel leftovers) as blank lines', async () => {
    const { rows, stats } = await readAll(file('Name,Email\nA,a@b.com\n,\n , \n,,\n'));
    expect(rows.map((r) => r.fields)).toEqual([['A', 'a@b.com']]);
    expect(stats.blankLines).toBe(3);
  });
});

describe('preambles and headerless first rows', () => {
  it.each([
    ['a title line', 'Student list - Course X\n\nName,Email\nA,a@gmail.com\nB,b@ukr.net\n', 'Email', 1],
    ['a title padded with delimiters', 'Student list,,\nName,Email,Phone\nA,a@gmail.com,1\nB,b@ukr.net,2\n', 'Email', 1],
    ["Excel's sep= line", 'sep=;\nName;Email\nA;a@gmail.com\nB;b@ukr.net\n', 'Email', 1],
    ['two title lines', 'Report\nExported 2024-01-01\nName,Contact\nA,a@gmail.com\nB,b@ukr.net\n', 'Contact', 2],
  ])('%s', async (_name, text, column, preamble) => {
    const { meta, rows, stats } = await readAll(file(text));
    expect(meta.emailColumnName).toBe(column);
    expect(rows.map((r) => r.fields[1])).toEqual(['a@gmail.com', 'b@ukr.net']);
    expect(rows.every((r) => !r.malformed)).toBe(true);
    expect(stats.preambleLines).toBe(preamble);
  });
  it('takes the delimiter from sep= and numbers lines as in the file', async () => {
    const { meta, rows } = await readAll(file('sep=;\nName;Email\nA;a@gmail.com\n'));
    expect(meta.delimiter).toBe(';');
    expect(rows[0]!.line).toBe(3);
  });
  it.each([
    ['an empty address', 'Petro,Ivanenko,,+380501234567\nIvan,Petrenko,ivan@ukr.net,+380671234567\nOlena,K,olena@gmail.com,+380931112233\n'],
    ['an address that lost its @', 'Nadia,nadia.lysenko.gmail.com,+380501234567\nIvan,ivan@ukr.net,+380671234567\nOlena,olena@gmail.com,+380931112233\n'],
    ['a broken address with an @', 'Nadia,nadia@@ukr.net,1\nIvan,ivan@ukr.net,2\n'],
  ])('a headerless file whose first row has %s keeps that row as data', async (_name, text) => {
    const { meta, rows } = await readAll(file(text));
    expect(meta.header).toBeUndefined();
    expect(rows).toHaveLength(text.trim().split('\n').length);
  });
  it('still takes a first row without addresses over address rows as a header', async () => {
    const { meta } = await readAll(file('Name,Contact,Phone\nA,a@gmail.com,+380501234567\n'));
    expect(meta.header).toEqual(['Name', 'Contact', 'Phone']);
  });
});

describe('encoding decided past the first 64 KB', () => {
  it.each([
    ['windows-1251', 'Олена Коваленко'],
    ['windows-1252', 'Zoë Müller'],
    ['utf-8', 'Олена Zoë'],
  ] as const)('%s text after 3,000 ASCII rows is read right', async (encoding, name) => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `Person ${i};person${i}@gmail.com\n`).join('');
    const bytes = Buffer.concat([Buffer.from(`Name;Email\n${ascii}`), iconv.encode(`${name};late@ukr.net\n`, encoding)]);
    const { meta, rows } = await readAll(file(bytes));
    expect(rows.at(-1)!.fields).toEqual([name, 'late@ukr.net']);
    expect(meta.encoding).toBe(encoding);
  });
  it('calls an all-ASCII file UTF-8', async () => {
    expect((await readAll(file('Email\na@b.com\n'))).meta.encoding).toBe('utf-8');
  });
});

describe('a short first row of a file without a header is a contact, not a title', () => {
  it('keeps it as a row', async () => {
    const { rows, stats } = await readAll(file('Olena,,\nIvan,ivan@ukr.net,1\nAnna,anna@gmail.com,2\n'));
    expect(rows.map((r) => r.fields[0])).toEqual(['Olena', 'Ivan', 'Anna']);
    expect(stats.preambleLines).toBe(0);
  });
});

describe('second review: headers, titles and first contacts', () => {
  it.each([
    ['Google Forms header with an @ in a question', "Позначка часу,Адреса електронної пошти,Ваше ім'я,Нік у Telegram (наприклад @olena)\n2024/03/01 10:15:00 AM EET,olena@gmail.com,Олена,@olena_k\n2024/03/01 11:20:00 AM EET,petro@ukr.net,Петро,@petro\n", 2],
    ['an unnamed pandas index column', ',Nome,Indirizzo\n0,Giulia,giulia@libero.it\n1,Marco,marco@gmail.com\n2,Luca,luca@tiscali.it\n', 3],
    ['a blank header cell', 'Imię;Nazwisko;;Kontakt\nJan;Kowalski;x;jan@wp.pl\nAnna;Nowak;y;anna@o2.pl\n', 2],
  ])('%s: the header is read as a header', async (_name, text, rows) => {
    const result = await readAll(file(text));
    expect(result.meta.header).toBeDefined();
    expect(result.rows).toHaveLength(rows);
  });
  it('a title mentioning "email" above the header is a preamble', async () => {
    const { meta, rows, stats } = await readAll(file('Lista email iscritti\nNome;Email\nGiulia;giulia@libero.it\nMarco;marco@gmail.com\n'));
    expect([meta.emailColumnName, rows.length, stats.preambleLines]).toEqual(['Email', 2, 1]);
  });
  it('a headerless first contact without an address is kept, even above a row without one', async () => {
    const text = 'Olena,,\nIvan,,+380671112233\nPetro,petro@ukr.net,+380501112233\nMaria,maria@gmail.com,+380501112234\nOksana,oksana@i.ua,+380501112235\n';
    const { meta, rows, stats } = await readAll(file(text));
    expect(meta.header).toBeUndefined();
    expect(rows.map((r) => r.fields[0])).toEqual(['Olena', 'Ivan', 'Petro', 'Maria', 'Oksana']);
    expect(stats.preambleLines).toBe(0);
  });
});

describe('lazy encoding decision: chunk boundaries and short words', () => {
  it('a windows-1252 letter at the very end of a 64 KB chunk does not make the file UTF-8', async () => {
    const row = 'Person;person@gmail.com\n';
    let ascii = 'Name;Email\n';
    while (ascii.length < 131072 - 1 - row.length) ascii += row;
    ascii += 'x'.repeat(131072 - 1 - ascii.length); // pad so that é is the last byte of the 2nd chunk
    const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode('é;jose@ukr.net\nFrançois Müller;f@ukr.net\nJürgen Groß;j@ukr.net\n', 'windows-1252')]);
    const { meta, rows } = await readAll(file(bytes));
    expect(meta.encoding).toBe('windows-1252');
    expect(rows.at(-1)!.fields).toEqual(['Jürgen Groß', 'j@ukr.net']);
  });
  it('a short Cyrillic word first is decided with what follows', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `P ${i};p${i}@gmail.com\n`).join('');
    const tail = 'Ян;yan@ukr.net\n' + Array.from({ length: 10 }, (_, i) => `Олена Коваленко ${i};o${i}@ukr.net\n`).join('');
    const { meta, rows } = await readAll(file(Buffer.concat([Buffer.from(`Name;Email\n${ascii}`), iconv.encode(tail, 'windows-1251')])));
    expect(meta.encoding).toBe('windows-1251');
    expect(rows.at(-1)!.fields[0]).toBe('Олена Коваленко 9');
  });
});
