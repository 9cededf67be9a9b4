/**
 * One SMTP client session over a connected socket (RFC 5321): replies are read with a bound per
 * command, commands go one at a time (no PIPELINING, RFC 2920, needed), and the session always
 * tries to end with QUIT (§4.1.1.10), also when the run is aborted.
 */
import type { Socket } from 'node:net';
import { ReplyReader, type SmtpReply } from './reply.js';

/**
 * Why a command got no reply: `timeout` (none within the bound), `closed` (the server closed the
 * connection), `protocol` (what came back was no SMTP reply), `aborted` (the caller gave up).
 */
export type SessionFault = 'timeout' | 'closed' | 'protocol' | 'aborted';

/** No reply, and why. */
export interface Faulted {
  /** Why there is no reply. */
  fault: SessionFault;
}

/** A reply, or why there is none. */
export type ReplyOrFault = SmtpReply | Faulted;

/** How long QUIT may take before we just close: QUIT is politeness, not worth a full timeout. */
const QUIT_BOUND_MS = 2000;

export class SmtpSession {
  private readonly reader = new ReplyReader();
  private readonly replies: SmtpReply[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private quitting = false;

  constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      this.replies.push(...this.reader.push(chunk));
      this.notify();
    });
    const gone = (): void => {
      this.closed = true;
      this.notify();
    };
    socket.on('end', gone);
    socket.on('close', gone);
    socket.on('error', gone);
    socket.resume(); // a SOCKS5 handshake leaves the socket paused
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next reply, bounded by the per-command timeout (and by `signal`). */
  async read(signal?: AbortSignal, bound = this.timeoutMs): Promise<ReplyOrFault> {
    const deadline = Date.now() + bound;
    for (;;) {
      const reply = this.replies.shift();
      if (reply) return reply;
      if (this.reader.broken) return { fault: 'protocol' };
      if (this.closed) return { fault: 'closed' };
      if (signal?.aborted) return { fault: 'aborted' };
      const left = deadline - Date.now();
      if (left <= 0) return { fault: 'timeout' };
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', finish);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(finish, left);
        signal?.addEventListener('abort', finish, { once: true });
        this.wake = finish;
      });
    }
  }

  /** Sends one command line (CRLF added) and reads its reply. */
  async command(line: string, signal?: AbortSignal): Promise<ReplyOrFault> {
    if (this.closed) return { fault: 'closed' };
    this.socket.write(`${line}\r\n`);
    return this.read(signal);
  }

  /**
   * Ends the session: QUIT, then waits (briefly) for the 221 or the close, skipping the reply of a
   * command still in flight, then closes the socket. Safe to call twice.
   */
  async quit(): Promise<void> {
    if (this.quitting) return;
    this.quitting = true;
    if (!this.closed && !this.reader.broken) {
      this.socket.write('QUIT\r\n');
      const deadline = Date.now() + Math.min(this.timeoutMs, QUIT_BOUND_MS);
      for (;;) {
        const reply = await this.read(undefined, deadline - Date.now());
        if ('fault' in reply || reply.code === 221) break;
      }
    }
    this.socket.destroy();
  }

  /** True once the server closed the connection or broke the protocol. */
  get broken(): boolean {
    return this.closed || this.reader.broken;
  }
}

/**
 * Why the dialogue could not start: a `SessionFault`, `busy` (421 or another 4xx at the greeting
 * or EHLO/HELO: the host is not serving now, try the next MX) or `rejected` (5xx at the greeting,
 * or EHLO and HELO both refused: the host refuses us).
 */
export interface OpenFailure {
  /** What went wrong. */
  failure: SessionFault | 'busy' | 'rejected';
  /** The server's reply behind a `busy` or `rejected`. */
  reply?: SmtpReply;
}

/** What the server told us in its EHLO reply (RFC 5321 §4.1.1.1). */
export interface Hello {
  /** The EHLO keywords, upper case (`SMTPUTF8`, `SIZE`, …); empty after HELO. */
  extensions: Set<string>;
}

function failed(reply: ReplyOrFault): OpenFailure {
  if ('fault' in reply) return { failure: reply.fault };
  return { failure: reply.code >= 500 ? 'rejected' : 'busy', reply };
}

/**
 * Reads the greeting (RFC 5321 §4.2: 220, or 554 "no service"; 421 means closing) and says EHLO,
 * falling back to HELO when EHLO is refused with 5xx (§4.1.4: a server that does not know EHLO).
 */
export async function openDialogue(session: SmtpSession, helo: string, signal?: AbortSignal): Promise<Hello | OpenFailure> {
  const greeting = await session.read(signal);
  if ('fault' in greeting || greeting.code !== 220) return failed(greeting);
  const ehlo = await session.command(`EHLO ${helo}`, signal);
  if ('fault' in ehlo || (ehlo.code < 500 && ehlo.code !== 250)) return failed(ehlo);
  if (ehlo.code === 250) {
    const extensions = new Set(ehlo.lines.slice(1).map((line) => line.slice(4).trim().split(/\s+/)[0]!.toUpperCase()));
    return { extensions };
  }
  const hello = await session.command(`HELO ${helo}`, signal);
  if ('fault' in hello || hello.code !== 250) return failed(hello);
  return { extensions: new Set() };
}
