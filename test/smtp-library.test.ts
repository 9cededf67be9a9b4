/**
 * `--smtp` through the library, as a user gets it (the BUILT package): `validateRows` with the
 * smtp options and a resolver of the test's own (a DnsResolver answering from a table), against
 * real SMTP servers on 127.0.7.x. The network fence of smtp-guard.ts fails the file on any
 * connection outside loopback. Also: rows waiting for a probe hold back reading no further than
 * the look-ahead (memory stays bounded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers/cli.js';
import { installLoopbackGuard, removeLoopbackGuard, takeViolations } from './helpers/smtp-guard.js';
import { startRawServer, startSmtpServer, type RawConnection, type TestServer } from './helpers/smtp-servers.js';

const { validateRows, DomainChecker } = await import('kwiga-validate');
type DnsResolver = import('kwiga-validate').DnsResolver;
type ValidatedRow = import('kwiga-validate').ValidatedRow;

const DOMAIN = 'kwiga-lib-ok.com';
const HOLD = 'kwiga-lib-hold.com';
/** The look-ahead of the ordered core (pipeline/validate-file.ts LOOK_AHEAD). */
const LOOK_AHEAD = 20_000;

/** MX of each domain is `mx.<domain>`, whose A record is in `ips`; everything is asked through here. */
function tableResolver(ips: Record<string, string>) {
  const asked: string[] = [];
  const resolver: DnsResolver = {
    query: async (name, type) => {
      asked.push(`${name} ${type}`);
      if (type === 'MX' && ips[`mx.${name}`]) return { rcode: 'NOERROR', answers: [{ type: 'MX', name, ttl: 300, preference: 10, exchange: `mx.${name}` }] };
      if (type === 'A' && ips[name]) return { rcode: 'NOERROR', answers: [{ type: 'A', name, ttl: 300, address: ips[name]! }] };
      return ips[name] || ips[`mx.${name}`] ? { rcode: 'NOERROR', answers: [] } : { rcode: 'NXDOMAIN', answers: [] };
    },
  };
  return { resolver, asked };
}

let ok: TestServer;
let hold: TestServer;
let held: RawConnection | undefined;
beforeAll(async () => {
  installLoopbackGuard();
  ok = await startSmtpServer('127.0.7.2', 0, { rcpt: (local) => (local === 'olena' ? undefined : [550, '5.1.1 User unknown']) });
  hold = await startRawServer('127.0.7.3', ok.port, {
    onLine: (line, conn) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'RCPT' && !held) held = conn; // the first RCPT waits for the test
      else if (verb === 'QUIT') {
        conn.send('221 bye');
        conn.end();
      } else if (verb === 'RCPT') conn.send('550 5.1.1 User unknown');
      else conn.send('250 ok');
    },
  });
});
afterAll(async () => {
  await ok.close();
  await hold.close();
  removeLoopbackGuard();
  expect(takeViolations(), 'connections outside loopback').toEqual([]);
});

const smtpOptions = (port: number) => ({
  smtp: true,
  smtpFrom: 'probe@kwiga-test.com',
  smtpHelo: 'probe.kwiga-test.com',
  smtpPort: port,
  smtpAllowPrivate: true,
  smtpRate: 1000,
});

describe('validateRows with smtp options and a resolver of our own', () => {
  it('probes through the given resolver (MX, then the MX host A record) and words the details', async () => {
    const { resolver, asked } = tableResolver({ [`mx.${DOMAIN}`]: '127.0.7.2' });
    const domainChecker = await DomainChecker.create({ resolver });
    const rows: ValidatedRow[] = [];
    for await (const row of validateRows([`olena@${DOMAIN}`, { Email: `ghost@${DOMAIN}` }], { ...smtpOptions(ok.port), domainChecker, lang: 'uk' })) rows.push(row);
    expect(rows.map((r) => [r.bucket, r.reason])).toEqual([['clean', undefined], ['rejected', 'mailbox_not_found']]);
    expect(rows[1]!.findings[0]).toEqual({ code: 'mailbox_not_found', why: 'smtp.not_found', args: { host: `mx.${DOMAIN}`, reply: '550 5.1.1 User unknown' } });
    expect(rows[1]!.detail).toBe(`Поштовий сервер mx.${DOMAIN} повідомляє, що такої скриньки не існує: «550 5.1.1 User unknown».`);
    expect(asked).toEqual([`${DOMAIN} MX`, `mx.${DOMAIN} A`]);
  });

  it('refuses smtp without smtpFrom, before reading anything', async () => {
    const { resolver } = tableResolver({});
    const domainChecker = await DomainChecker.create({ resolver });
    const { smtpFrom: _, ...options } = smtpOptions(ok.port);
    await expect(validateRows([`olena@${DOMAIN}`], { ...options, domainChecker }).next()).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('reads no further than the look-ahead while the oldest row waits for its probe', async () => {
    const { resolver } = tableResolver({ [`mx.${HOLD}`]: '127.0.7.3' });
    const domainChecker = await DomainChecker.create({ resolver });
    let pulled = 0;
    let yielded = 0;
    let widest = 0;
    function* source(): Generator<string> {
      for (let i = 0; i < LOOK_AHEAD + 5000; i++) {
        pulled++;
        widest = Math.max(widest, pulled - yielded);
        yield `user${i}@${HOLD}`;
      }
    }
    // Only the first 20 are probed (smtpMax); the rest are skipped at once, but wait for row 1.
    const run = (async () => {
      for await (const row of validateRows(source(), { ...smtpOptions(hold.port), smtpMax: 20, domainChecker })) {
        yielded++;
        expect(row.row.line).toBe(yielded);
      }
    })();
    await waitFor(() => pulled >= LOOK_AHEAD && held !== undefined, 'the reader to fill the look-ahead and the first RCPT', 30_000);
    expect(yielded).toBe(0);
    held!.send('250 2.1.5 ok'); // the first row's answer: everything may flow now
    await run;
    expect(yielded).toBe(LOOK_AHEAD + 5000);
    expect(widest).toBeLessThanOrEqual(LOOK_AHEAD + 1);
  }, 60_000);
});
