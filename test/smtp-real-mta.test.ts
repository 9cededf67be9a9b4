/**
 * The prober against the replies of real MTAs, replayed on loopback (127.0.8.x) by raw servers.
 * Every reply line here is copied from a transcript recorded against the real server software
 * (test/corpora/smtp-real/, which says which MTA and version produced it; docs/smtp-real-servers.md
 * has the setup), and the first test checks that each one is still in its transcript. No MTA is
 * needed to run these: the servers only answer the way Exim, OpenSMTPD and Postfix did.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialogue, probeAll, testProber, track, useSmtpKit } from './helpers/smtp-kit.js';
import { startRawServer, type RawConnection } from './helpers/smtp-servers.js';

useSmtpKit();

const transcript = (name: string): string => readFileSync(new URL(`./corpora/smtp-real/${name}`, import.meta.url), 'utf8');

const EXIM = {
  file: 'exim-4.96-debian12.txt',
  greeting: '220 mx.exim-lab.com ESMTP Exim 4.96 Wed, 02 Dec 2026 01:04:15 +0000',
  ehlo: ['250-mx.exim-lab.com Hello probe.kwiga-lab.com [127.0.0.1]', '250-SIZE 52428800', '250-8BITMIME', '250-PIPELINING', '250-PIPECONNECT', '250-CHUNKING', '250-STARTTLS', '250-PRDR', '250 HELP'],
  accepted: '250 Accepted',
  unknown: '550 Unrouteable address',
  tooManyBad: '550 Rejected for too many bad recipients',
  reset: '250 Reset OK',
  ok: '250 OK',
  bye: '221 mx.exim-lab.com closing connection',
};
const SMTPD = {
  file: 'opensmtpd-6.8.0p2-debian12.txt',
  greeting: '220 mx.smtpd-lab.com ESMTP OpenSMTPD',
  ok: '250 2.0.0 Ok',
  accepted: '250 2.1.5 Destination address valid: Recipient ok',
  virtualUnknown: (address: string) => `524 5.2.4 Mailing list expansion problem: <${address}>`,
  aliasUnknown: (address: string) => `550 Invalid recipient: <${address}>`,
  bye: '221 2.0.0 Bye',
};
const POSTFIX = {
  file: 'postfix-3.7.11-debian12.txt',
  greeting: '220 mx.kwiga-lab.com ESMTP Postfix (Debian/GNU)',
  unknown: (address: string) => `550 5.1.1 <${address}>: Recipient address rejected: User unknown in virtual mailbox table`,
  tooManyErrors: '421 4.7.0 mx.kwiga-lab.com Error: too many errors',
  tooManyConnections: '421 4.7.0 mx.kwiga-lab.com Error: too many connections from 127.0.0.1',
};

const MX = 'mx.lab.test';
const D = 'lab.test';
const address = (line: string): string => /<([^>]*)>/.exec(line)?.[1] ?? '';

describe('replies recorded from real MTAs', () => {
  it('are the transcripts’ own lines', () => {
    const exim = transcript(EXIM.file);
    for (const line of [EXIM.greeting, ...EXIM.ehlo, EXIM.accepted, EXIM.unknown, EXIM.tooManyBad, EXIM.reset, EXIM.bye]) expect(exim).toContain(`S: ${line}`);
    const smtpd = transcript(SMTPD.file);
    for (const line of [SMTPD.greeting, SMTPD.accepted, SMTPD.virtualUnknown('gone.n1@smtpd-lab.com'), SMTPD.aliasUnknown('nobody.here@smtpdlocal-lab.com'), SMTPD.bye]) expect(smtpd).toContain(`S: ${line}`);
    const postfix = transcript(POSTFIX.file);
    for (const line of [POSTFIX.greeting, POSTFIX.unknown('nobody.n1@limit-lab.com'), POSTFIX.tooManyErrors, POSTFIX.tooManyConnections]) expect(postfix).toContain(`S: ${line}`);
  });
});

/** Debian's Exim 4.96: aliases for the known names, Debian's "too many bad recipients" ACL. */
async function eximServer(known: readonly string[]) {
  const perConnection = new Map<number, { rcpts: number; accepted: number }>();
  return startRawServer('127.0.8.2', 0, {
    greeting: [EXIM.greeting],
    onLine: (line, conn) => {
      const message = perConnection.get(conn.index) ?? { rcpts: 0, accepted: 0 };
      perConnection.set(conn.index, message);
      const verb = line.split(/[ :]/)[0]!.toUpperCase();
      if (verb === 'EHLO') conn.send(...EXIM.ehlo);
      else if (verb === 'MAIL' || verb === 'RSET') {
        Object.assign(message, { rcpts: 0, accepted: 0 });
        conn.send(verb === 'RSET' ? EXIM.reset : EXIM.ok);
      } else if (verb === 'RCPT') {
        message.rcpts += 1;
        // acl/30_exim4-config_check_rcpt: $rcpt_count > 10 and $recipients_count < $rcpt_count/2
        if (message.rcpts > 10 && message.accepted < Math.floor(message.rcpts / 2)) conn.send(EXIM.tooManyBad);
        else if (known.includes(address(line).split('@')[0]!)) {
          message.accepted += 1;
          conn.send(EXIM.accepted);
        } else conn.send(EXIM.unknown);
      } else if (verb === 'QUIT') (conn.send(EXIM.bye), conn.end());
      else conn.send('500 unrecognized command');
    },
  });
}

describe('Exim 4.96 with Debian’s configuration', () => {
  it('reads "550 Unrouteable address" as a missing mailbox once a made-up address gets it too', async () => {
    const server = track(await eximServer(['olena.kovalenko', 'ivan.petrenko']));
    const prober = testProber(server.port, { [MX]: ['127.0.8.2'] });
    const answers = await probeAll(prober, D, [MX], ['olena.kovalenko', 'nobody.here', 'ivan.petrenko']);
    // Before the fix: all three unverified ("unclear answer"), since the random address's reply was unreadable.
    expect(answers).toEqual([
      { kind: 'exists', reply: { code: 250, text: 'Accepted' }, host: MX },
      { kind: 'not_found', reply: { code: 550, text: 'Unrouteable address' }, host: MX },
      { kind: 'exists', reply: { code: 250, text: 'Accepted' }, host: MX },
    ]);
  });

  it('starts a new envelope on "550 Rejected for too many bad recipients", and asks again what it refused', async () => {
    const server = track(await eximServer(['olena.kovalenko', 'ivan.petrenko']));
    const prober = testProber(server.port, { [MX]: ['127.0.8.2'] });
    const gone = Array.from({ length: 12 }, (_, i) => `gone.n${i + 1}`);
    const answers = await probeAll(prober, D, [MX], ['olena.kovalenko', ...gone, 'ivan.petrenko']);
    // Before the fix: the 11th RCPT on (gone.n9 … ivan.petrenko) was unverified, the real mailbox too.
    expect(answers.map((a) => a.kind)).toEqual(['exists', ...gone.map(() => 'not_found'), 'exists']);
    await prober.close();
    const [session] = server.sessions.map(dialogue);
    const envelopes = session!.join('\n').split('MAIL FROM').slice(1).map((e) => e.split('\n').filter((l) => l.startsWith('RCPT')).length);
    expect(envelopes).toEqual([11, 5]); // the 11th RCPT went again in the next envelope
    expect(session!.filter((l) => l === 'RSET')).toHaveLength(1);
    expect(session!.at(-1)).toBe('QUIT');
    expect(server.sessions).toHaveLength(1);
  });
});

/** OpenSMTPD 6.8: `virtual <vusers>` for `smtpd-lab.com`, `alias <aliases>` for `local.test`. */
async function opensmtpdServer(known: readonly string[]) {
  return startRawServer('127.0.8.3', 0, {
    greeting: [SMTPD.greeting],
    onLine: (line, conn) => {
      const verb = line.split(/[ :]/)[0]!.toUpperCase();
      if (verb === 'EHLO') conn.send('250-mx.smtpd-lab.com Hello probe.kwiga-lab.com [127.0.0.1], pleased to meet you', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250-SIZE 36700160', '250-DSN', '250 HELP');
      else if (verb === 'RCPT') {
        const to = address(line);
        if (known.includes(to.split('@')[0]!)) conn.send(SMTPD.accepted);
        else conn.send(to.endsWith('@local.test') ? SMTPD.aliasUnknown(to) : SMTPD.virtualUnknown(to));
      } else if (verb === 'QUIT') (conn.send(SMTPD.bye), conn.end());
      else conn.send(verb === 'RSET' ? '250 2.0.0 Reset state' : SMTPD.ok);
    },
  });
}

describe('OpenSMTPD 6.8.0p2', () => {
  it('confirms the accepted mailboxes of a virtual domain, and never rejects on "524 5.2.4 Mailing list expansion problem"', async () => {
    const server = track(await opensmtpdServer(['olena.kovalenko']));
    const prober = testProber(server.port, { [MX]: ['127.0.8.3'] });
    const [olena, ghost] = await probeAll(prober, D, [MX], ['olena.kovalenko', 'nobody.here']);
    // Before the fix: olena.kovalenko was unverified too, since the random address's 524 spoiled the catch-all check.
    expect(olena).toEqual({ kind: 'exists', reply: { code: 250, enhanced: '2.1.5', text: 'Destination address valid: Recipient ok' }, host: MX });
    expect(ghost).toEqual({
      kind: 'unverified',
      cause: 'unclassified',
      reply: { code: 524, enhanced: '5.2.4', text: `Mailing list expansion problem: <nobody.here@${D}>` },
      host: MX,
    });
    expect(prober.report()).toMatchObject({ catchAllDomains: { count: 0 } });
  });

  it('reads "550 Invalid recipient" of an alias domain as a missing mailbox', async () => {
    const server = track(await opensmtpdServer(['olena.kovalenko']));
    const prober = testProber(server.port, { [MX]: ['127.0.8.3'] });
    const answers = await probeAll(prober, 'local.test', [MX], ['olena.kovalenko', 'nobody.here']);
    expect(answers.map((a) => a.kind)).toEqual(['exists', 'not_found']);
    expect(answers[1]).toMatchObject({ reply: { code: 550, text: 'Invalid recipient: <nobody.here@local.test>' } });
  });
});

/**
 * Postfix 3.7 with smtpd_hard_error_limit and anvil's smtpd_client_connection_rate_limit: after
 * `hardLimit` errors in a session it answers the error, then sends 421 "too many errors" unasked
 * and hangs up; connections listed in `limited` get 421 "too many connections" as the greeting.
 */
async function postfixLimits(known: readonly string[], hardLimit: number, limited: (conn: RawConnection) => boolean) {
  const errors = new Map<number, number>();
  return startRawServer('127.0.8.4', 0, {
    greeting: (conn) => {
      if (!limited(conn)) return [POSTFIX.greeting];
      setImmediate(() => conn.end());
      return [POSTFIX.tooManyConnections];
    },
    onLine: (line, conn) => {
      const verb = line.split(/[ :]/)[0]!.toUpperCase();
      if (verb === 'EHLO') conn.send('250-mx.kwiga-lab.com', '250-PIPELINING', '250-SIZE 10240000', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-SMTPUTF8', '250 CHUNKING');
      else if (verb === 'MAIL') conn.send('250 2.1.0 Ok');
      else if (verb === 'RSET') conn.send('250 2.0.0 Ok');
      else if (verb === 'RCPT') {
        const to = address(line);
        if (known.includes(to.split('@')[0]!)) return conn.send('250 2.1.5 Ok');
        const count = (errors.get(conn.index) ?? 0) + 1;
        errors.set(conn.index, count);
        conn.send(POSTFIX.unknown(to));
        if (count >= hardLimit) (conn.send(POSTFIX.tooManyErrors), conn.end());
      } else if (verb === 'QUIT') (conn.send('221 2.0.0 Bye'), conn.end());
      else conn.send('502 5.5.2 Error: command not recognized');
    },
  });
}

describe('Postfix 3.7.11 limits (anvil, error limits)', () => {
  it('takes a 421 "too many connections" greeting from a host that served us as a 4xx: one delayed retry, then the answers', async () => {
    // The third connection is over the rate, later ones are not (anvil's time unit has passed).
    const server = track(await postfixLimits(['olena.kovalenko'], 4, (conn) => conn.index === 2));
    const prober = testProber(server.port, { [MX]: ['127.0.8.4'] });
    const gone = Array.from({ length: 8 }, (_, i) => `nobody.n${i + 1}`);
    const answers = await probeAll(prober, D, [MX], ['olena.kovalenko', ...gone]);
    // Before the fix: everything still queued at the 421 was "could not be reached" (refused), with no reply quoted.
    expect(answers.map((a) => a.kind)).toEqual(['exists', ...gone.map(() => 'not_found')]);
    expect(server.sessions[2]!.filter((c) => c !== 'QUIT')).toEqual([]); // the limited connection: nothing but QUIT after its 421
    expect(prober.report().retries).toBeGreaterThan(0);
  });

  it('quotes the 421 when the host is still over its limit after the retry, and never calls it unreachable', async () => {
    const server = track(await postfixLimits(['olena.kovalenko'], 2, (conn) => conn.index >= 1));
    const prober = testProber(server.port, { [MX]: ['127.0.8.4'] });
    const answers = await probeAll(prober, D, [MX], ['olena.kovalenko', 'nobody.n1', 'nobody.n2', 'nobody.n3']);
    expect(answers.slice(0, 2).map((a) => a.kind)).toEqual(['exists', 'not_found']);
    for (const answer of answers.slice(2)) {
      expect(answer).toMatchObject({ kind: 'unverified', cause: 'greylisted', host: MX, reply: { code: 421, enhanced: '4.7.0' } });
      expect(answer.reply?.text).toContain('too many connections from 127.0.0.1');
    }
  });
});
