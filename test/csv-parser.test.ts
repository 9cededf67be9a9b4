import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv, type CsvRecord } from '../src/io/csv-parser.js';
import { detectDelimiter } from '../src/io/detect.js';

const CORPORA = join(import.meta.dirname, 'corpora', 'csv');

const fields = (records: CsvRecord[]) => records.map((r) => (r.problem ? { problem: r.problem, raw: r.raw } : r.fields));

describe('csv-spectrum', () => {
  const dir = join(CORPORA, 'csv-spectrum');
  const names = readdirSync(join(dir, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
  it.each(names)('%s reads as the expected JSON', (name) => {
    const text = readFileSync(join(dir, 'csvs', `${name}.csv`), 'utf8');
    const json = JSON.parse(readFileSync(join(dir, 'json', `${name}.json`), 'utf8')) as unknown;
    const expected = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
    const [header, ...rows] = parseCsv(text, ',');
    const objects = rows.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i]])));
    if (name === 'location_coordinates') {
      // Corpus defect: its JSON says 1234567890 where its CSV says 2095257564, and it was made
      // from a Latin-1 reading (U+FFFD). We compare the fields the file and JSON agree on.
      expect(objects[0]!['Contact Phone Number']).toBe('2095257564');
      expect(objects[0]!['Cities']).toBe(expected[0]!['Cities']);
      expect(objects[0]!['Location Coordinates']).toBe(expected[0]!['Location Coordinates']);
      return;
    }
    expect(objects).toEqual(expected);
  });
});

interface PapaCase {
  suite: string;
  description: string;
  input: string;
  config: Record<string, unknown>;
  expected: { data: unknown[]; errors: unknown[] };
}

/**
 * Papa Parse cases that apply to us: default config (or only a delimiter / skipEmptyLines) and no
 * expected error. We always skip blank lines, so Papa's empty rows ([""]) are dropped before
 * comparing. Cases we read differently, each with the reason:
 */
const PAPA_DIFFERENCES: Record<string, string> = {
  'Mixed slash n and slash r should choose first as precident':
    'Papa takes the first line break it sees as the only one; we end records at LF, CRLF and lone CR alike, since exports that mix them (a CR-only note pasted into a CRLF file) are real and a lone CR inside an unquoted cell is never data.',
};

describe('papaparse cases', () => {
  const corpus = JSON.parse(readFileSync(join(CORPORA, 'papaparse/papaparse-tests.json'), 'utf8')) as { tests: PapaCase[] };
  const applicable = corpus.tests.filter((c) => {
    const keys = Object.keys(c.config);
    const delimiterOk = c.config.delimiter === undefined || (typeof c.config.delimiter === 'string' && ',;\t|'.includes(c.config.delimiter) && c.config.delimiter.length === 1);
    const ok = delimiterOk && keys.every((k) => k === 'delimiter' || (k === 'skipEmptyLines' && c.config[k] === true));
    return ok && c.expected.errors.length === 0 && Array.isArray(c.expected.data) && Array.isArray(c.expected.data[0]);
  });
  it('has a meaningful number of applicable cases', () => {
    expect(applicable.length).toBeGreaterThan(40);
  });
  const runnable = applicable.filter((c) => !(c.description in PAPA_DIFFERENCES));
  it.each(runnable.map((c) => [c.description, c] as const))('%s', (_name, c) => {
    const delimiter =
      typeof c.config.delimiter === 'string' && c.config.delimiter.length === 1
        ? c.config.delimiter
        : c.suite === 'PARSE_TESTS'
          ? detectDelimiter(c.input)
          : ',';
    const expected = (c.expected.data as string[][]).filter((row) => !(row.length === 1 && row[0] === ''));
    // Our decoder strips a BOM before the tokenizer sees the text.
    expect(fields(parseCsv(c.input.replace(/^\uFEFF/, ''), delimiter))).toEqual(expected);
  });
});

describe('CsvParser', () => {
  it.each([
    ['LF', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['lone CR', 'a,b\r1,2\r', [['a', 'b'], ['1', '2']]],
    ['no final newline', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['blank lines skipped', 'a,b\n\n\r\n1,2\n\n', [['a', 'b'], ['1', '2']]],
    ['quoted delimiter, quote, newline', 'a,"b,""c""\nd"\n', [['a', 'b,"c"\nd']]],
    ['stray quote kept literally', 'a,b"c,d\n', [['a', 'b"c', 'd']]],
    ['trailing empty field', 'a,b,\n', [['a', 'b', '']]],
    ['empty quoted field', '""\nvalue\n', [[''], ['value']]],
  ])('%s', (_name, text, expected) => {
    expect(fields(parseCsv(text, ','))).toEqual(expected);
  });

  it('numbers lines where records start, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n', ',');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('gives up only the first line of a quote that is never closed, then reads on', () => {
    const records = parseCsv('a,b\n"broken,1\nc,d\ne,f\n', ',');
    expect(fields(records)).toEqual([['a', 'b'], { problem: 'csv.unclosed_quote', raw: '"broken,1' }, ['c', 'd'], ['e', 'f']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a row with text after a closing quote whole, as unreadable', () => {
    const records = parseCsv('"ab"c,d\nx,y\n', ',');
    expect(fields(records)).toEqual([{ problem: 'csv.bad_quote', raw: '"ab"c,d' }, ['x', 'y']]);
  });

  it('keeps raw text of ragged rows when told the expected width', () => {
    const parser = new CsvParser({ delimiter: ',', expectedFields: 2 });
    const records = [...parser.push('a,b\n1,2,3\n'), ...parser.end()];
    expect(records[1]!.raw).toBe('1,2,3');
    expect(records[0]!.raw).toBeUndefined();
  });

  it('a record past the cap whose next lines are rows: an unclosed quote, its first line given up', () => {
    const parser = new CsvParser({ delimiter: ',', maxRecordChars: 100, expectedFields: 2 });
    const text = `a,"${'x'.repeat(50)}\n${'ok,1\n'.repeat(30)}`;
    const records = [...parser.push(text.slice(0, 120)), ...parser.push(text.slice(120)), ...parser.end()];
    expect(records[0]).toMatchObject({ line: 1, problem: 'csv.unclosed_quote' });
    expect(records.slice(1).map((r) => r.fields)).toEqual(Array.from({ length: 30 }, () => ['ok', '1']));
    expect(records.at(-1)!.line).toBe(31);
  });

  it('a long value past the cap is one record, skipped to its real end whatever the chunks', () => {
    const value = `${'x'.repeat(150)}\r\n"" inside\r\n${'y'.repeat(150)}`;
    const text = `a,b\r\nc,"${value}"\r\nok,1\r\n`;
    // Every split point, CRLFs cut in two included.
    for (const size of [7, 13, 64, 101]) {
      const parser = new CsvParser({ delimiter: ',', maxRecordChars: 100, expectedFields: 2 });
      const records: CsvRecord[] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records.map((r) => [r.line, r.problem ?? r.fields.join('|')]), `chunks of ${size}`).toEqual([
        [1, 'a|b'],
        [2, 'csv.field_too_long'],
        [5, 'ok|1'],
      ]);
      expect(records[1]!.raw).toMatch(/^c,"x+…?$/);
      expect(parser.blankLines).toBe(0);
    }
  });

  it('reads a 10 MB field', () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const parser = new CsvParser({ delimiter: ',' });
    const text = `a,b\n"${big}",z\n`;
    const records: CsvRecord[] = [];
    for (let i = 0; i < text.length; i += 65536) records.push(...parser.push(text.slice(i, i + 65536)));
    records.push(...parser.end());
    expect(records).toHaveLength(2);
    expect(records[1]!.fields[0]!.length).toBe(big.length);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1;h2\r\n"a;""b""\r\nc";d\r\n\r\ne;"f"\r"unclosed\r\ng;h';
    const whole = fields(parseCsv(text, ';'));
    for (let size = 1; size <= 7; size++) {
      const parser = new CsvParser({ delimiter: ';' });
      const records: CsvRecord[] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(fields(records)).toEqual(whole);
    }
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n', ','],
    ['semicolon with decimal commas', 'a;b;c\n1,5;2;3\n4;5,5;6\n', ';'],
    ['tab', 'a\tb\n1\t2\n', '\t'],
    ['pipe', 'a|b|c\n1|2|3\n', '|'],
    ['quoted commas inside semicolon file', 'name;email\n"Doe, John";j@x.com\n', ';'],
  ])('%s', (_name, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('unclosed quotes do not swallow the next rows', () => {
  it.each([
    ['next row has a quoted field', 'a,b,c\n1,2,"open\n3,"x, y",z\n4,5,6\n'],
    ['quote closes mid-way with the wrong width', 'a,b,c\n1,"open,2\n3,4",5,6,7\n8,9,10\n'],
  ])('%s', (_name, text) => {
    const parser = new CsvParser({ delimiter: ',', expectedFields: 3 });
    const records = [...parser.push(text), ...parser.end()];
    expect(records[1]!.problem).toBe('csv.unclosed_quote');
    expect(records[1]!.line).toBe(2);
    expect(records.slice(2).every((r) => r.line > 2)).toBe(true);
    expect(records.at(-1)!.fields.length).toBe(3);
  });
});

describe('multi-line fields in rows with a trailing delimiter or a missing last field', () => {
  it.each([
    ['trailing delimiter', 'Name,Email,Note\nPetro,petro@ukr.net,"multi\nline",\nIvan,ivan@ukr.net,x\n'],
    ['short row', 'Name,Email,Note,Tag\nPetro,petro@ukr.net,"multi\nline"\nIvan,ivan@ukr.net,x,y\n'],
  ])('%s: the row stays whole', (_name, text) => {
    const header = text.split('\n')[0]!.split(',').length;
    const parser = new CsvParser({ delimiter: ',', expectedFields: header });
    const records = [...parser.push(text), ...parser.end()];
    expect(records.map((r) => r.problem ?? r.line)).toEqual([1, 2, 4]);
    expect(records[1]!.fields[2]).toBe('multi\nline');
  });
});
