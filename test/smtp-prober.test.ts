/**
 * The prober against real SMTP servers on loopback (127.0.1.x; the package `smtp-server`, and raw
 * `net` servers for what a real server would not do). Each test asserts the answers and the
 * dialogue as the server saw it. The fence in smtp-kit fails the file on any non-loopback
 * connection, and every test fails if a server saw DATA.
 */
import { describe, expect, it } from 'vitest';
import { closedPort, startRawServer, startSmtpServer, type Verdict } from './helpers/smtp-servers.js';
import { dialogue, probeAll, testProber, track, useSmtpKit } from './helpers/smtp-kit.js';

useSmtpKit();

const MX1 = 'mx1.example.test';
const MX2 = 'mx2.example.test';
const D = 'example.test';

/** Known mailboxes; anything else is "550 5.1.1 User unknown". */
function mailboxes(...known: string[]): (local: string) => Verdict {
  return (local) => (known.includes(local) ? undefined : [550, '5.1.1 User unknown']);
}

describe('SMTP prober: verdicts', () => {
  it('finds a catch-all domain with one random RCPT and asks nothing more about it', async () => {
    const server = track(await startSmtpServer('127.0.1.2', 0));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['alice', 'bob', 'carol']);
    expect(answers.map((a) => a.kind)).toEqual(['catch_all', 'catch_all', 'catch_all']);
    expect(answers[0]).toMatchObject({ host: MX1, reply: { code: 250 } });
    await prober.close(); // the sessions have ended (QUIT answered)
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<alice@${D}>`, `RCPT TO:<random@${D}>`, 'QUIT'],
    ]);
    expect(prober.report()).toMatchObject({ status: 'ok', sessions: 1, probes: 2, catchAllDomains: { count: 1, domains: [D] }, answers: { catch_all: 3 } });
  });

  it('reads 550 5.1.1 as not_found only after the random address was rejected too', async () => {
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt: mailboxes('alice', 'bob') }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['alice', 'ghost', 'bob']);
    expect(answers).toEqual([
      { kind: 'exists', reply: { code: 250, text: 'Accepted' }, host: MX1 },
      { kind: 'not_found', reply: { code: 550, enhanced: '5.1.1', text: 'User unknown' }, host: MX1 },
      { kind: 'exists', reply: { code: 250, text: 'Accepted' }, host: MX1 },
    ]);
    await prober.close(); // the sessions have ended (QUIT answered)
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<alice@${D}>`, `RCPT TO:<random@${D}>`, `RCPT TO:<ghost@${D}>`, `RCPT TO:<bob@${D}>`, 'QUIT'],
    ]);
    expect(prober.report()).toMatchObject({ sessions: 1, probes: 4, rcptsPerSession: 4, catchAllDomains: { count: 0 } });
  });

  it('reads a disabled account (550 5.2.1) as not_found', async () => {
    const rcpt = (local: string): Verdict =>
      local === 'old' ? [550, '5.2.1 The email account that you tried to reach is disabled.'] : mailboxes('alice')(local);
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const [old] = await probeAll(prober, D, [MX1], ['old']);
    expect(old).toMatchObject({ kind: 'not_found', reply: { code: 550, enhanced: '5.2.1' } });
  });

  it('retries a greylisted address once, after the delay, and then believes the server', async () => {
    const seen = new Set<string>();
    const rcpt = (local: string): Verdict => {
      if (!seen.has(local)) {
        seen.add(local);
        return [451, '4.7.1 Greylisted, please try again later'];
      }
      return mailboxes('alice')(local);
    };
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['alice', 'ghost']);
    expect(answers.map((a) => a.kind)).toEqual(['exists', 'not_found']);
    const rcpts = server.commands.filter((c) => c.startsWith('RCPT'));
    // Every address (the random one too) exactly twice: greylisted, then answered.
    expect(rcpts).toHaveLength(6);
    expect(prober.report().retries).toBe(3);
  });

  it('gives up after one retry when the greylisting never ends', async () => {
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt: () => [451, '4.7.1 Greylisted, please try again later'] }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['alice', 'bob']);
    for (const answer of answers) expect(answer).toMatchObject({ kind: 'unverified', cause: 'greylisted', reply: { code: 451, enhanced: '4.7.1' } });
    expect(server.commands.filter((c) => c.startsWith('RCPT'))).toEqual([`RCPT TO:<alice@${D}>`, `RCPT TO:<bob@${D}>`, `RCPT TO:<alice@${D}>`, `RCPT TO:<bob@${D}>`]);
  });

  it('stops asking a host after two blocklist answers about us (554 5.7.1), never rejecting', async () => {
    const block: Verdict = [554, '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org'];
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt: () => block }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['a', 'b', 'c', 'd']);
    for (const answer of answers) expect(answer).toMatchObject({ kind: 'unverified', cause: 'policy', reply: { code: 554, enhanced: '5.7.1' } });
    await prober.close(); // the sessions have ended (QUIT answered)
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<a@${D}>`, `RCPT TO:<b@${D}>`, 'QUIT'],
    ]);
    expect(prober.report()).toMatchObject({ status: 'ok', policyAnswers: 2, probes: 2, unverified: { policy: 4 } });
  });

  it('reads 452 4.5.3 "too many recipients" as a full envelope, not a full mailbox (452 4.2.2)', async () => {
    const rcpt = (local: string, nth: number): Verdict => {
      if (nth >= 2) return [452, '4.5.3 Too many recipients'];
      if (local === 'fullbox') return [452, '4.2.2 Mailbox full'];
      return mailboxes('a', 'b')(local);
    };
    const server = track(await startSmtpServer('127.0.1.2', 0, { rcpt }));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['a', 'b', 'ghost', 'fullbox']);
    expect(answers.map((a) => a.kind)).toEqual(['exists', 'exists', 'not_found', 'full']);
    expect(answers[3]).toMatchObject({ reply: { code: 452, enhanced: '4.2.2' } });
    await prober.close();
    const [session] = server.sessions.map(dialogue);
    expect(session).toEqual([
      'EHLO mail.sender.test',
      'MAIL FROM:<probe@sender.test>',
      `RCPT TO:<a@${D}>`,
      `RCPT TO:<random@${D}>`, // 452 4.5.3: the envelope holds one; the rest go one per envelope
      'RSET',
      'MAIL FROM:<probe@sender.test>',
      `RCPT TO:<random@${D}>`,
      'RSET',
      'MAIL FROM:<probe@sender.test>',
      `RCPT TO:<b@${D}>`,
      'RSET',
      'MAIL FROM:<probe@sender.test>',
      `RCPT TO:<ghost@${D}>`,
      'RSET',
      'MAIL FROM:<probe@sender.test>',
      `RCPT TO:<fullbox@${D}>`,
      'QUIT',
    ]);
    expect(server.sessions).toHaveLength(1);
  });

  it('reads multi-line greetings, EHLO and RCPT replies', async () => {
    const server = track(
      await startRawServer('127.0.1.2', 0, {
        greeting: ['220-mx.test ESMTP', '220-No UCE.', '220 Welcome'],
        onLine: (line, conn) => {
          if (line.startsWith('EHLO')) conn.send('250-mx.test', '250-SIZE 1000', '250 SMTPUTF8');
          else if (line === `RCPT TO:<alice@${D}>`) conn.send('250-2.1.5 OK', '250 2.1.5 alice is here');
          else if (line.startsWith('RCPT'))
            conn.send(
              '550-5.1.1 The email account that you tried to reach does not exist. Please try',
              '550-5.1.1 double-checking the recipient address.',
              '550 5.1.1 https://support.google.com/mail/?p=NoSuchUser',
            );
          else if (line === 'QUIT') (conn.send('221 2.0.0 bye'), conn.end());
          else conn.send('250 2.1.0 OK');
        },
      }),
    );
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['alice', 'ghost']);
    expect(answers[0]).toMatchObject({ kind: 'exists', reply: { code: 250, enhanced: '2.1.5', text: 'OK alice is here' } });
    expect(answers[1]).toEqual({
      kind: 'not_found',
      host: MX1,
      reply: {
        code: 550,
        enhanced: '5.1.1',
        text: 'The email account that you tried to reach does not exist. Please try double-checking the recipient address. https://support.google.com/mail/?p=NoSuchUser',
      },
    });
  });
});

describe('SMTP prober: dead, silent and rude hosts', () => {
  it('falls back to the second MX when the first answers 421 at the greeting', async () => {
    const dead = track(await startRawServer('127.0.1.2', 0, { greeting: (conn) => (setImmediate(() => conn.end()), ['421 4.3.2 Service not available']) }));
    const alive = track(await startSmtpServer('127.0.1.3', dead.port, { rcpt: mailboxes('alice') }));
    const prober = testProber(dead.port, { [MX1]: ['127.0.1.2'], [MX2]: ['127.0.1.3'] });
    const answers = await probeAll(prober, D, [MX1, MX2], ['alice', 'ghost']);
    expect(answers.map((a) => [a.kind, a.host])).toEqual([['exists', MX2], ['not_found', MX2]]);
    await prober.close();
    expect(dead.sessions).toHaveLength(1);
    expect(dead.commands.filter((c) => c !== 'QUIT')).toEqual([]);
    expect(alive.sessions).toHaveLength(1);
  });

  it('falls back to the second MX when the first refuses the connection', async () => {
    const alive = track(await startSmtpServer('127.0.1.3', 0, { rcpt: mailboxes('alice') }));
    await closedPort('127.0.1.9', alive.port);
    const prober = testProber(alive.port, { [MX1]: ['127.0.1.9'], [MX2]: ['127.0.1.3'] });
    const [alice] = await probeAll(prober, D, [MX1, MX2], ['alice']);
    expect(alice).toMatchObject({ kind: 'exists', host: MX2 });
    expect(prober.report()).toMatchObject({ status: 'ok', hosts: 2, sessions: 1 });
  });

  it('answers unverified/timeout for a server that never greets, and still says QUIT', async () => {
    const silent = track(await startRawServer('127.0.1.2', 0, { greeting: null }));
    const prober = testProber(silent.port, { [MX1]: ['127.0.1.2'] }, { timeoutMs: 150 });
    const [answer] = await probeAll(prober, D, [MX1], ['alice']);
    expect(answer).toEqual({ kind: 'unverified', cause: 'timeout', host: MX1 });
    await prober.close();
    expect(silent.sessions).toEqual([['QUIT']]);
  });

  it('answers unverified/refused for a closed port (too few hosts to call SMTP unavailable)', async () => {
    const port = await closedPort('127.0.1.9');
    const prober = testProber(port, { [MX1]: ['127.0.1.9'] });
    const [answer] = await probeAll(prober, D, [MX1], ['alice']);
    expect(answer).toEqual({ kind: 'unverified', cause: 'refused', host: MX1 });
    expect(prober.report()).toMatchObject({ status: 'ok', hosts: 1, sessions: 0, probes: 0 });
  });

  it('reconnects when the server hangs up after a rejection, and still decides', async () => {
    // Like anti-harvesting servers: after one rejected RCPT, the next command gets the door.
    const rejected = new Set<number>();
    const server = track(
      await startRawServer('127.0.1.2', 0, {
        onLine: (line, conn) => {
          if (line.startsWith('RCPT') && rejected.has(conn.index)) conn.end();
          else if (line.startsWith('RCPT') && !line.includes('<alice@')) {
            rejected.add(conn.index);
            conn.send('550 5.1.1 No such user');
          } else if (line.startsWith('EHLO')) conn.send('250 mx.test');
          else if (line === 'QUIT') (conn.send('221 bye'), conn.end());
          else conn.send('250 OK');
        },
      }),
    );
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'] });
    const answers = await probeAll(prober, D, [MX1], ['ghost', 'alice']);
    expect(answers.map((a) => a.kind)).toEqual(['not_found', 'exists']);
    await prober.close(); // the sessions have ended (QUIT answered)
    // Each RCPT the server hung up on went again, once, in the next session.
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<ghost@${D}>`, `RCPT TO:<random@${D}>`],
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<random@${D}>`, `RCPT TO:<alice@${D}>`],
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', `RCPT TO:<alice@${D}>`, 'QUIT'],
    ]);
  });

  it('does not connect to a private MX without allowPrivate', async () => {
    const server = track(await startSmtpServer('127.0.1.2', 0));
    const prober = testProber(server.port, { [MX1]: ['127.0.1.2'], [MX2]: ['10.0.0.25'] }, { allowPrivate: false });
    const answers = await probeAll(prober, D, [MX1, MX2], ['alice', 'bob']);
    for (const answer of answers) expect(answer).toEqual({ kind: 'unverified', cause: 'private_mx', host: MX1 });
    expect(server.sessions).toEqual([]);
    expect(prober.report()).toMatchObject({ hosts: 0, sessions: 0, unverified: { private_mx: 2 } });
  });
});
