/**
 * Issue 16.11: messages that read like data must be the data. The built binary: the free-mail line
 * names the list's own free domains (or says there are none); a gate failed by a hair shows how
 * far; a cell of two addresses lists the addresses, not the separator; an Exchange name is called
 * one; an IDN top-level domain is named in Unicode; a headerless file's column has one name,
 * accepted by --email-column; --help shows the defaults and exit codes; --offline with
 * --dns-server warns; DNS warnings read right for one server, several, or none named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

const { validateRows, DomainChecker, DnsQueryError } = await import('kwiga-validate');

function file(content: string): string {
  const path = join(tempDir('kwiga-msg-'), 'contacts.csv');
  writeFileSync(path, content);
  return path;
}

/** review.csv + rejected.csv rows by their validation_line: [reason, detail]. */
function details(out: string): Map<number, [string, string]> {
  const rows = ['review.csv', 'rejected.csv'].flatMap((f) => (parse(readFileSync(join(out, f)), { bom: true, relax_column_count: true }) as string[][]).slice(1));
  return new Map(rows.map((r) => [Number(r.at(-5)), [r.at(-4)!, r.at(-3)!]]));
}

describe('the free-mail line', () => {
  it('names the free domains of this list, most rows first', async () => {
    const result = await runCli([file('Email\na@libero.it\nb@libero.it\nc@wp.pl\nd@school.com.ua\n'), '--offline', '-o', tempDir()]);
    expect(result.stdout).toMatch(/^ {2}Free mail +75\.0% of valid addresses are at free providers \(libero\.it, wp\.pl\)$/m);
  });

  it('says there are none when there are none', async () => {
    const out = tempDir();
    const result = await runCli([file('Email\na@school.com.ua\nb@firm.it\n'), '--offline', '-o', out]);
    expect(result.stdout).toMatch(/^ {2}Free mail +none of the valid addresses is at a free provider$/m);
    expect(result.stdout).not.toMatch(/gmail\.com|ukr\.net/);
    expect(readReport(out).providers).toMatchObject({ free: 0, topFree: [], freeDomains: 0 });
  });
});

describe('a gate failed by a hair', () => {
  // 11 of 29 rows rejected: 37.931…%, over a 37.93% limit by 0.001 points.
  const list = () => file(`Email\n${Array.from({ length: 18 }, (_, i) => `u${i}@gmail.com`).join('\n')}\n${Array.from({ length: 11 }, (_, i) => `bad${i}`).join('\n')}\n`);

  it('shows enough decimals to see how far over it is', async () => {
    const result = await runCli([list(), '--offline', '--fail-on-rejected', '37.93', '-o', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('--fail-on-rejected 37.93%: failed — 37.931% rejected, 0.001 points over the limit');
  });

  it('on stderr with --json, and in every language with its plural forms', async () => {
    const json = await runCli([list(), '--offline', '--json', '--fail-on-rejected', '37.93', '-o', tempDir()]);
    expect(json.stderr).toBe('kwiga-validate: --fail-on-rejected 37.93%: 37.931% of rows rejected (11 of 29), 0.001 points over the limit\n');
    const uk = await runCli([list(), '--offline', '--lang', 'uk', '--fail-on-rejected', '30', '-o', tempDir()]);
    expect(uk.stdout).toContain('37,93% відхилено, межу перевищено на 7,93 відсоткового пункту');
    const one = await runCli([list(), '--offline', '--fail-on-rejected', '36.93', '-o', tempDir()]);
    expect(one.stdout).toContain('37.93% rejected, 1.00 points over the limit');
  });
});

describe('row details', () => {
  it('several addresses, an Exchange name, an IDN top-level domain', async () => {
    const out = tempDir();
    const cells = [
      'b@gmail.com / b2@ukr.net',
      '"b3@gmail.com, / b4@ukr.net"',
      '"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc"',
      'x@mail.xn--e1apq',
    ];
    const result = await runCli([file(`Email\n${cells.join('\n')}\n`), '--offline', '-q', '-o', out]);
    expect(result.code).toBe(0);
    const rows = details(out);
    expect(rows.get(2)).toEqual(['multiple_addresses', 'The cell holds 2 addresses: b@gmail.com, b2@ukr.net.']);
    expect(rows.get(3)).toEqual(['multiple_addresses', 'The cell holds 2 addresses: b3@gmail.com, b4@ukr.net.']);
    expect(rows.get(4)).toEqual(['invalid_syntax', expect.stringMatching(/^This is an internal Microsoft Exchange name \(X\.500\)/)]);
    expect(rows.get(5)?.[1]).toContain('ends in .нет, which is not a top-level domain');
    expect(rows.get(5)?.[1]).not.toContain('xn--');
  });
});

describe('a file without a header', () => {
  const text = 'Olena;olena.k@gmail.com;1\nIvan;not-an-address;2\nAnna;anna@ukr.net;3\n';

  it('names its address column column_2 everywhere, and --email-column column_2 picks it', async () => {
    const detected = tempDir();
    const first = await runCli([file(text), '--offline', '-o', detected]);
    expect(first.stdout).toContain('address column "column_2"');
    expect(readReport(detected).input.emailColumn).toBe('column_2');
    // The outputs keep the input's `;`.
    const rejected = parse(readFileSync(join(detected, 'rejected.csv')), { delimiter: ';' }) as string[][];
    expect(rejected[0]!.slice(0, 3)).toEqual(['column_1', 'column_2', 'column_3']);
    const told = tempDir();
    const second = await runCli([file(text), '--offline', '-q', '--email-column', 'column_2', '-o', told]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(told, 'rejected.csv'), 'utf8')).toBe(readFileSync(join(detected, 'rejected.csv'), 'utf8'));
  });
});

describe('--help', () => {
  it('shows the defaults of --dns-timeout and --concurrency, and the exit codes', async () => {
    const { stdout, code } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--dns-timeout <ms> +timeout of one DNS query attempt in milliseconds\s+\(default: 2000/);
    expect(stdout).toMatch(/--concurrency <n> +DNS lookups in flight, one per unique domain\s+\(default: 64\)/);
    expect(stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}130 .*143 by SIGTERM; 129 by SIGHUP/);
  });
});

describe('DNS warnings', () => {
  it('--offline with --dns-server: the server is not used, and a warning says so', async () => {
    const result = await runCli([file('Email\nolena@gmail.com\n'), '--offline', '--dns-server', '192.0.2.1', '-q', '-o', tempDir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('kwiga-validate: warning: An offline run asks no DNS server, so the DNS server given (192.0.2.1) is not used.\n');
  });

  it('several servers that cannot be reached are listed once, after their verb', async () => {
    const result = await runCli([file('Email\nolena@kwiga-test-a.com\n'), '--dns-server', '127.0.0.1:1', '--dns-server', '127.0.0.1:2', '-q', '-o', tempDir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^kwiga-validate: warning: Could not reach 127\.0\.0\.1:1, 127\.0\.0\.1:2 for DNS, so domains were not checked over DNS/);
  });

  it('a resolver without a name (a library caller\'s) is not called "DNS server the DNS server"', async () => {
    const warnings: string[] = [];
    // A resolver that cannot reach anything: refused at once, as a dead local resolver would.
    const domainChecker = await DomainChecker.create({
      resolver: { query: () => Promise.reject(new DnsQueryError('refused', undefined, 'connection refused')) },
    });
    const rows: string[] = [];
    for await (const row of validateRows(['a@kwiga-test-a.com', 'b@kwiga-test-b.com'], { domainChecker, onWarning: (w) => warnings.push(w) })) rows.push(row.bucket);
    expect(rows).toEqual(['clean', 'clean']);
    expect(warnings).toEqual([
      'The DNS resolver could not be reached, so domains were not checked over DNS (the run went on as with --offline); check the network or pass --dns-server.',
    ]);
  });
});
