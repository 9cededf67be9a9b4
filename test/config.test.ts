import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, DEFAULT_CONFIG_FILE } from '../src/model/config.js';
import { mergeConfig, parseConfig, readConfigFile } from '../src/pipeline/settings.js';
import { KwigaError } from '../src/model/errors.js';
import { configJsonSchema } from '../src/report/json-schema.js';
import type { Report } from '../src/model/report.js';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

const EXAMPLE = join(FIXTURES, 'example-contacts.csv');
const EXAMPLE_CONFIG = join(FIXTURES, DEFAULT_CONFIG_FILE);

/** The USAGE error message parseConfig throws, or undefined when the input is valid. */
function messageOf(input: unknown, source = 'flags'): string | undefined {
  try {
    parseConfig(input, source);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(KwigaError);
    expect((error as KwigaError).code).toBe('USAGE');
    return (error as Error).message;
  }
}

describe('parseConfig: flags (strings) and config values normalise to one Config', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['integer from a flag', { concurrency: '12' }, { concurrency: 12 }],
    ['integer with spaces', { dnsTimeout: ' 500 ' }, { dnsTimeout: 500 }],
    ['percent with decimals', { failOnRejected: '5.5' }, { failOnRejected: 5.5 }],
    ['percent 0 and 100', { failOnRejected: 0, failOnReview: '100' }, { failOnRejected: 0, failOnReview: 100 }],
    ['column number', { emailColumn: '3' }, { emailColumn: 3 }],
    ['column name', { emailColumn: 'E-mail' }, { emailColumn: 'E-mail' }],
    ['delimiter name', { delimiter: 'tab' }, { delimiter: '\t' }],
    ['delimiter character', { delimiter: ';' }, { delimiter: ';' }],
    ['output delimiter name', { outputDelimiter: 'semicolon' }, { outputDelimiter: ';' }],
    ['bom off (the default follows the input)', { bom: false }, { bom: false }],
    ['encoding alias', { encoding: 'CP1251' }, { encoding: 'windows-1251' }],
    ['encoding alias latin1', { encoding: 'latin1' }, { encoding: 'windows-1252' }],
    ['one DNS server (a flag given once)', { dnsServer: '1.1.1.1' }, { dnsServer: ['1.1.1.1'] }],
    ['DNS servers with ports', { dnsServer: ['127.0.0.1:5353', '[::1]:53'] }, { dnsServer: ['127.0.0.1:5353', '[::1]:53'] }],
    ['one suppression list', { suppress: 'bounces.csv' }, { suppress: ['bounces.csv'] }],
    ['domains lowercased and trimmed', { allowDomains: [' My-School.COM.UA '] }, { allowDomains: ['my-school.com.ua'] }],
    ['disposable exceptions', { disposableAllow: ['Mailinator.com'] }, { disposableAllow: ['mailinator.com'] }],
    ['role names lowercased', { roleNames: ['Studio'] }, { roleNames: ['studio'] }],
    ['policy', { policy: { role_account: 'clean', dns_error: 'rejected' } }, { policy: { role_account: 'clean', dns_error: 'rejected' } }],
    ['typo settings', { typo: { maxDistance: '1' } }, { typo: { maxDistance: 1 } }],
    ['actions', { actions: { role_account: 'drop', invalid_syntax: 'fix' } }, { actions: { role_account: 'drop', invalid_syntax: 'fix' } }],
    ['apply reasons from a flag', { apply: true, applyReasons: 'possible_typo, wrong_keyboard_layout' }, { apply: true, applyReasons: ['possible_typo', 'wrong_keyboard_layout'] }],
    ['apply reasons from a file', { applyReasons: ['dns_error'] }, { applyReasons: ['dns_error'] }],
    [
      'escalation settings',
      { suppression: { softBounceEscalation: { count: 2, days: '14' }, softBounceExpiryDays: 90 } },
      { suppression: { softBounceEscalation: { count: 2, days: 14 }, softBounceExpiryDays: 90 } },
    ],
    ['$schema is allowed (editors)', { $schema: './node_modules/kwiga-validate/schema/config.schema.json' }, {}],
  ])('%s', (_name, input, expected) => {
    expect(parseConfig(input, 'flags')).toMatchObject(expected);
  });

  it('fills defaults', () => {
    expect(parseConfig({}, 'flags')).toEqual({
      offline: false, dnsServer: [], suppress: [], json: false, lang: 'en', reportUnmasked: false, quiet: false, csvSafe: false,
      policy: {}, actions: {}, apply: false, allowDomains: [], denyDomains: [], disposableAllow: [], roleNames: [], typo: {}, suppression: {}, smtp: false, smtpAllowPrivate: false,
    });
  });
});

describe('parseConfig: invalid flags name the flag, what it expects and what it got', () => {
  it.each([
    [{ concurrency: 'abc' }, 'Invalid option --concurrency: expected an integer from 1 to 512, got "abc"'],
    [{ concurrency: '0' }, 'Invalid option --concurrency: expected an integer from 1 to 512, got "0"'],
    [{ concurrency: '513' }, 'Invalid option --concurrency: expected an integer from 1 to 512, got "513"'],
    [{ concurrency: '1.5' }, 'Invalid option --concurrency: expected an integer from 1 to 512, got "1.5"'],
    [{ dnsTimeout: '50' }, 'Invalid option --dns-timeout: expected milliseconds, an integer from 100 to 60000, got "50"'],
    [{ failOnRejected: '150' }, 'Invalid option --fail-on-rejected: expected a percentage from 0 to 100, got "150"'],
    [{ failOnReview: '-1' }, 'Invalid option --fail-on-review: expected a percentage from 0 to 100, got "-1"'],
    [{ failOnReview: '5%' }, 'Invalid option --fail-on-review: expected a percentage from 0 to 100, got "5%"'],
    [{ emailColumn: '0' }, 'Invalid option --email-column: expected a column name or a 1-based column number, got "0"'],
    [{ emailColumn: '' }, 'Invalid option --email-column: expected a column name or a 1-based column number, got ""'],
    [{ delimiter: ':' }, 'Invalid option --delimiter: expected one of , ; tab |, got ":"'],
    [{ outputDelimiter: ':' }, 'Invalid option --output-delimiter: expected one of , ; tab |, got ":"'],
    [{ encoding: 'koi8-r' }, 'Invalid option --encoding: expected one of utf-8, utf-16le, utf-16be, windows-1251, windows-1252, got "koi8-r"'],
    [{ lang: 'de' }, 'Invalid option --lang: expected one of en, uk, it, got "de"'],
    [{ outDir: '' }, 'Invalid option --out-dir: expected a folder path, got ""'],
    [{ sheet: '' }, 'Invalid option --sheet: expected a sheet name or a 1-based sheet number, got ""'],
    [{ outputFormat: 'xls' }, 'Invalid option --output-format: expected one of csv, xlsx, got "xls"'],
    [{ ofline: true }, 'Unknown option "ofline" in flags: did you mean "offline"?'],
  ])('%j', (input, message) => {
    expect(messageOf(input)).toBe(message);
  });
});

describe('--dns-server: IPv4, IPv6 or a host name with an optional port, checked in the schema', () => {
  const expected = 'expected an IP address or host name with an optional port, like 1.1.1.1, 1.1.1.1:5353, [2606:4700::1111]:53 or dns.example.net';
  it.each(['1.1.1.1', '1.1.1.1:53', '127.0.0.1:5353', '2001:db8::1', '::1', '[::1]', '[2606:4700::1111]:53', '[::1]:65535', 'dns.google', 'localhost:53'])('accepts %s', (spec) => {
    expect(messageOf({ dnsServer: [spec] })).toBeUndefined();
  });
  it.each(['dns_google', 'localhost:0', '1.1.1', '256.1.1.1', '1.1.1.1:0', '1.2.3.4:99999', '1.1.1.1:', '1.1.1.1:dns', '[::1]:abc', '[::1', '1.1.1.1 8.8.8.8'])(
    'refuses %j',
    (spec) => {
      expect(messageOf({ dnsServer: spec })).toBe(`Invalid option --dns-server: ${expected}, got ${JSON.stringify(spec)}`);
      expect(messageOf({ dnsServer: ['1.1.1.1', spec] }, 'cfg.json')).toBe(`Invalid value in cfg.json at "dnsServer": ${expected}, got ${JSON.stringify(spec)}`);
    },
  );
});

describe('parseConfig: a config file names the file and the key path', () => {
  it.each([
    [{ offline: 'yes' }, 'Invalid value in cfg.json at "offline": expected true or false, got "yes"'],
    [{ typo: { maxDistance: 5 } }, 'Invalid value in cfg.json at "typo.maxDistance": expected an integer from 1 to 3, got 5'],
    [{ typo: 2 }, 'Invalid value in cfg.json at "typo": expected an object like {"maxDistance": 2}, got 2'],
    [{ policy: { role_account: 'ignore' } }, 'Invalid value in cfg.json at "policy.role_account": expected one of clean, review, rejected, got "ignore"'],
    [{ policy: ['role_account'] }, 'Invalid value in cfg.json at "policy": expected an object mapping reason codes to clean, review or rejected, got ["role_account"]'],
    [{ actions: { role_account: 'skip' } }, 'Invalid value in cfg.json at "actions.role_account": expected one of keep, fix, drop, got "skip"'],
    [{ actions: 'drop' }, 'Invalid value in cfg.json at "actions": expected an object mapping reason codes to keep, fix or drop, got "drop"'],
    [{ allowDomains: 'my-school.com.ua' }, 'Invalid value in cfg.json at "allowDomains": expected a list of domain names, got "my-school.com.ua"'],
    [{ roleNames: [''] }, 'Invalid value in cfg.json at "roleNames": expected a list of local parts, like ["info", "studio"], got ""'],
    [
      { suppression: { softBounceEscalation: { count: 0, days: 30 } } },
      'Invalid value in cfg.json at "suppression.softBounceEscalation.count": expected a whole number of soft bounces, at least 1, got 0',
    ],
    [
      { suppression: { softBounceEscalation: { count: 3 } } },
      'Invalid value in cfg.json at "suppression.softBounceEscalation.days": expected a whole number of days, at least 1, got nothing',
    ],
    [{ suppression: { softBounceExpiryDays: 0.5 } }, 'Invalid value in cfg.json at "suppression.softBounceExpiryDays": expected a whole number of days, at least 1, got 0.5'],
    [{ failOnRejected: '150' }, 'Invalid value in cfg.json at "failOnRejected": expected a percentage from 0 to 100, got "150"'],
  ])('%j', (input, message) => {
    expect(messageOf(input, 'cfg.json')).toBe(message);
  });
});

describe('unknown keys are rejected with their path', () => {
  it.each([
    [{ ofline: true }, 'Unknown key "ofline" in cfg.json: did you mean "offline"?'],
    [{ failOnRejeced: 5 }, 'Unknown key "failOnRejeced" in cfg.json: did you mean "failOnRejected"?'],
    [{ typo: { maxDistanse: 2 } }, 'Unknown key "typo.maxDistanse" in cfg.json: did you mean "typo.maxDistance"?'],
    [{ policy: { role_acount: 'clean' } }, 'Unknown key "policy.role_acount" in cfg.json: did you mean "policy.role_account"?'],
    [{ actions: { role_acount: 'keep' } }, 'Unknown key "actions.role_acount" in cfg.json: did you mean "actions.role_account"?'],
    [{ suppression: { softBounceEscalation: { count: 3, days: 30, hours: 1 } } }, 'Unknown key "suppression.softBounceEscalation.hours" in cfg.json: see the README for the keys a config file may hold'],
    [{ frobnicate: 1 }, 'Unknown key "frobnicate" in cfg.json: see the README for the keys a config file may hold'],
    [{ a: 1, b: 2 }, 'Unknown key "a", "b" in cfg.json: see the README for the keys a config file may hold'],
  ])('%j', (input, message) => {
    expect(messageOf(input, 'cfg.json')).toBe(message);
  });
});

describe('mergeConfig: flags override the file, key by key', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    ['flag wins', { failOnRejected: 5, offline: true }, { failOnRejected: '50' }, { failOnRejected: 50, offline: true }],
    ['unset flags leave the file alone', { concurrency: 8 }, { concurrency: undefined }, { concurrency: 8 }],
    ['a repeatable flag replaces the list', { dnsServer: ['1.1.1.1'] }, { dnsServer: ['9.9.9.9'] }, { dnsServer: ['9.9.9.9'] }],
    ['config-only keys stay', { policy: { role_account: 'clean' } }, { quiet: true }, { policy: { role_account: 'clean' }, quiet: true }],
  ])('%s', (_name, file, flags, expected) => {
    expect(parseConfig(mergeConfig(file, flags), 'flags')).toMatchObject(expected);
  });
});

describe('readConfigFile', () => {
  const dir = tempDir('kwiga-config-');
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('none/.keep', '');
  write('found/kwiga-validate.config.json', '{"offline": true, "suppress": ["lists/bounces.csv"]}');
  write('conf/team.json', '{"suppress": ["bounces.csv", "/abs/list.txt"], "dnsCache": "../cache.json", "outDir": "out"}');
  write('bom.json', '\uFEFF{"offline": true}');
  write('array.json', '[1]');
  write('broken.json', '{ "offline": true,');
  write('bad.json', '{"typo": {"maxDistanse": 2}}');

  it('finds kwiga-validate.config.json in the working directory', async () => {
    expect(await readConfigFile(undefined, join(dir, 'found'))).toEqual({
      name: DEFAULT_CONFIG_FILE,
      settings: { offline: true, suppress: ['lists/bounces.csv'] },
    });
  });
  it('returns undefined when there is none', async () => {
    expect(await readConfigFile(undefined, join(dir, 'none'))).toBeUndefined();
  });
  it('resolves relative paths against the file, kept relative to the working directory', async () => {
    const file = await readConfigFile('conf/team.json', dir);
    expect(file?.settings).toEqual({ suppress: ['conf/bounces.csv', '/abs/list.txt'], dnsCache: 'cache.json', outDir: 'conf/out' });
  });
  it('reads a file saved with a BOM', async () => {
    expect((await readConfigFile('bom.json', dir))?.settings).toEqual({ offline: true });
  });
  it.each([
    ['missing.json', 'Cannot read the config file missing.json (ENOENT): check --config'],
    ['array.json', 'array.json must hold a JSON object of settings'],
    ['broken.json', /^broken\.json is not valid JSON \(.+\): fix the file and run again$/],
    ['bad.json', 'Unknown key "typo.maxDistanse" in bad.json: did you mean "typo.maxDistance"?'],
  ])('%s', async (file, message) => {
    const error = await readConfigFile(file, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KwigaError);
    expect((error as KwigaError).exitCode).toBe(2);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('the schema covers every flag, and the published JSON Schema matches it', () => {
  it('every long flag (but --config, --help, --version) is a config key', async () => {
    const help = (await runCli(['--help'])).stdout;
    const flags = [...help.matchAll(/--(?:no-)?([a-z-]+)/g)].map((m) => m[1]!).filter((f) => !['config', 'help', 'version'].includes(f));
    const keys = new Set(Object.keys(ConfigSchema.shape));
    expect(flags.length).toBeGreaterThan(15);
    for (const flag of flags) expect(keys, `--${flag}`).toContain(flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
  });
  it('schema/config.schema.json has every key, each with a description', () => {
    const onDisk = JSON.parse(readFileSync(resolve(import.meta.dirname, '../schema/config.schema.json'), 'utf8')) as {
      properties: Record<string, { description?: string }>;
    };
    expect(onDisk).toEqual(configJsonSchema());
    expect(Object.keys(onDisk.properties)).toEqual(Object.keys(ConfigSchema.shape));
    for (const [key, property] of Object.entries(onDisk.properties)) expect(property.description, key).toBeTruthy();
  });
  it('the example config in fixtures/ is valid', () => {
    expect(() => parseConfig(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')), EXAMPLE_CONFIG)).not.toThrow();
  });
});

describe('the CLI: discovery, --config and flags over the file', () => {
  /** A folder with the example list and, optionally, a discovered config. */
  const project = (config?: unknown) => {
    const dir = tempDir('kwiga-config-e2e-');
    copyFileSync(EXAMPLE, join(dir, 'list.csv'));
    if (config !== undefined) writeFileSync(join(dir, DEFAULT_CONFIG_FILE), typeof config === 'string' ? config : JSON.stringify(config));
    return dir;
  };

  it('picks up kwiga-validate.config.json in the working directory', async () => {
    const dir = project({ offline: true, failOnRejected: 10 });
    const result = await runCli(['list.csv', '-q'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('kwiga-validate: --fail-on-rejected 10%: 23.81% of rows rejected (5 of 21), 13.81 points over the limit\n');
    expect(readReport(join(dir, 'list.validated')).dns.status).toBe('offline');
  });
  it('flags override the file', async () => {
    const dir = project({ offline: true, failOnRejected: 10 });
    expect(await runCli(['list.csv', '-q', '--fail-on-rejected', '30'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('--config wins over the discovered file, which is then not read', async () => {
    const dir = project('{ not json');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ offline: true, outDir: 'elsewhere' }));
    expect((await runCli(['list.csv', '-q', '--config', 'other.json'], { cwd: dir })).code).toBe(0);
    expect(readReport(join(dir, 'elsewhere')).totals.rows).toBe(21);
  });
  it('a bad discovered file is a usage error naming it and the key', async () => {
    const dir = project({ offline: true, typo: { maxDistance: 7 } });
    const result = await runCli(['list.csv'], { cwd: dir });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kwiga-validate: Invalid value in kwiga-validate.config.json at "typo.maxDistance": expected an integer from 1 to 3, got 7\n',
    });
  });
  it('the example config: policy, allow lists and gates apply', async () => {
    const out = tempDir();
    const result = await runCli([EXAMPLE, '--config', EXAMPLE_CONFIG, '-o', out, '--json']);
    expect(result.code).toBe(0);
    const report = readReport(out);
    expect(report.totals).toEqual({ rows: 21, clean: 9, review: 6, rejected: 6 });
    expect(report.policy).toMatchObject({ role_account: 'clean', duplicate_alias: 'rejected' });
    expect(report.gates.map((g) => [g.name, g.failed])).toEqual([['rejected', false], ['review', false]]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html lang="uk"/);
  });
  it('a domain deny list is a suppression list of @domain lines, with paths relative to the config file', async () => {
    const dir = project();
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'denied-domains.txt'), '@kwiga-school.com.ua\n@libero.it\n');
    writeFileSync(join(dir, 'ci', 'kwiga.json'), JSON.stringify({ offline: true, suppress: ['denied-domains.txt'] }));
    expect((await runCli(['list.csv', '-q', '--config', 'ci/kwiga.json'], { cwd: dir })).code).toBe(0);
    const report = readReport(join(dir, 'list.validated'));
    expect(report.reasons.suppressed).toBe(2);
    expect(report.suppression[0]).toMatchObject({ file: 'ci/denied-domains.txt', entries: 2, matched: { suppressed: 2 } });
  });
});
