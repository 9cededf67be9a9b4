/**
 * Loopback SMTP servers for the prober's tests: real ones from the `smtp-server` package, and raw
 * `net` servers for what a real server would not do (silence, 421, disconnects, odd replies).
 * Both record each session's command lines as the server saw them.
 */
import * as net from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** A reply to send: `[code, text]`, or undefined to accept. */
export type Verdict = readonly [number, string] | undefined;

/** What the recording servers expose. */
export interface TestServer {
  /** The IP address it listens on. */
  ip: string;
  /** Its port. */
  port: number;
  /** One array of command lines per session, in order of connection. */
  sessions: string[][];
  /** Every command line, all sessions together. */
  readonly commands: string[];
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

function recorder(): { sessions: string[][]; byId: Map<string, string[]> } {
  return { sessions: [], byId: new Map() };
}

/** Listens on ip:port (port 0: any), resolving once listening. */
export function listen(server: net.Server, ip: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Options for `startSmtpServer`. */
export interface SmtpServerSpec {
  /** The reply to each RCPT (undefined: 250). `nth` counts RCPTs in this envelope, from 1. */
  rcpt?: (local: string, nth: number, session: SMTPServerSession) => Verdict;
  /** The reply to MAIL FROM (undefined: 250). */
  mail?: () => Verdict;
}

/** A real SMTP server (package `smtp-server`) on ip:port, recording commands per session. */
export async function startSmtpServer(ip: string, port: number, spec: SmtpServerSpec = {}): Promise<TestServer> {
  const rec = recorder();
  const logger = {
    level: 'debug',
    debug(meta: { tnx?: string; cid?: string }, _label: string, line: string) {
      if (meta.tnx !== 'command' || !meta.cid) return;
      let lines = rec.byId.get(meta.cid);
      if (!lines) rec.byId.set(meta.cid, (lines = []));
      if (!rec.sessions.includes(lines)) rec.sessions.push(lines);
      lines.push(line);
    },
    info() {},
    warn() {},
    error() {},
    trace() {},
    fatal() {},
  };
  const reject = (verdict: Verdict, cb: (err?: Error | null) => void): void => {
    if (!verdict) return cb();
    cb(Object.assign(new Error(verdict[1]), { responseCode: verdict[0] }));
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true, // no DNS from the tests
    logger: logger as never,
    onMailFrom: (_a: SMTPServerAddress, _s, cb) => reject(spec.mail?.(), cb),
    onRcptTo: (a: SMTPServerAddress, s, cb) => reject(spec.rcpt?.(a.address.split('@')[0]!, s.envelope.rcptTo.length + 1, s), cb),
    onData: (stream, _s, cb) => {
      stream.resume();
      stream.on('end', () => cb());
    },
  });
  const bound = await listen(server.server, ip, port);
  return {
    ip,
    port: bound,
    sessions: rec.sessions,
    get commands() {
      return rec.sessions.flat();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One connection of a raw server: send lines, close. */
export interface RawConnection {
  /** Writes reply lines (CRLF added to each). */
  send(...lines: string[]): void;
  /** Closes the connection. */
  end(): void;
  /** This connection's command lines so far. */
  lines: string[];
  /** 0-based index of this connection. */
  index: number;
}

/** Behaviour of a raw server: greeting (null: never greet) and a reply per command line. */
export interface RawSpec {
  /** Lines of the greeting, or null to stay silent. Default `220 raw.test ESMTP`. */
  greeting?: ((conn: RawConnection) => string[] | null) | string[] | null;
  /** Handles one command line; the default answers like a plain accepting server. */
  onLine?: (line: string, conn: RawConnection) => void;
  /** Counts connections open at once across servers sharing it. */
  gauge?: Gauge;
}

/** Open connections now, and the most at once. */
export interface Gauge {
  /** Open now. */
  open: number;
  /** The most open at once so far. */
  peak: number;
}

/** A raw server: a `TestServer` that also knows its most simultaneous connections. */
export interface RawServer extends TestServer {
  /** The most connections open at once. */
  readonly peak: number;
}

/** The default raw behaviour: 250 for everything, 221 and close for QUIT. */
export function acceptAll(line: string, conn: RawConnection): void {
  const verb = line.split(' ')[0]!.toUpperCase();
  if (verb === 'QUIT') {
    conn.send('221 2.0.0 bye');
    conn.end();
  } else if (verb === 'EHLO') conn.send('250-raw.test', '250 8BITMIME');
  else conn.send('250 2.0.0 ok');
}

/** A scripted TCP server on ip:port, recording command lines per connection. */
export async function startRawServer(ip: string, port: number, spec: RawSpec = {}): Promise<RawServer> {
  const sessions: string[][] = [];
  const sockets = new Set<net.Socket>();
  const own: Gauge = { open: 0, peak: 0 };
  const gauges = spec.gauge ? [own, spec.gauge] : [own];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    for (const g of gauges) g.peak = Math.max(g.peak, ++g.open);
    // A connection stops counting at QUIT (the client waits for our 221 before it may connect
    // again, so this order is causal) or when it closes, whichever comes first.
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      for (const g of gauges) g.open -= 1;
    };
    socket.on('close', () => {
      sockets.delete(socket);
      done();
    });
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const conn: RawConnection = {
      lines: [],
      index: sessions.length,
      send: (...lines) => void (socket.writable && socket.write(lines.map((l) => `${l}\r\n`).join(''))),
      end: () => void socket.end(),
    };
    sessions.push(conn.lines);
    const greeting = typeof spec.greeting === 'function' ? spec.greeting(conn) : spec.greeting === undefined ? ['220 raw.test ESMTP'] : spec.greeting;
    if (greeting) conn.send(...greeting);
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        conn.lines.push(line);
        if (/^QUIT$/i.test(line)) done();
        (spec.onLine ?? acceptAll)(line, conn);
      }
    });
  });
  const bound = await listen(server, ip, port);
  return {
    ip,
    port: bound,
    sessions,
    get commands() {
      return sessions.flat();
    },
    get peak() {
      return own.peak;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening on `ip` (bound, then released). */
export async function closedPort(ip: string, port = 0): Promise<number> {
  const server = net.createServer();
  const bound = await listen(server, ip, port);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}
