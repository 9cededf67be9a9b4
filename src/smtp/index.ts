/**
 * The `smtp/` folder: does the mailbox exist? SMTP probing (opt-in `--smtp`) — the dialogue
 * (session.ts: EHLO, MAIL FROM, RCPT TO, never DATA), reply classification (reply.ts, RFC 3463),
 * catch-all detection, greylisting retries, provider rules, SOCKS5, rate limits and circuit
 * breakers (prober.ts). Self-contained: it imports nothing of ours, and answers are data.
 */
export { createSmtpProber, type SmtpProber } from './prober.js';
export type { SmtpProberOptions } from './options.js';
export type { MailboxAnswer, MailboxCause, MailboxKind, ProbeAddress, ReplyData, SmtpReport, SmtpRunStatus, SmtpStatusReason } from './types.js';
export { createMemoryAnswerCache, expiresAt, MAILBOX_TTL_MS, UNKNOWN_TTL_MS, type SmtpAnswerCache } from './cache.js';
export { PROVIDER_RULES, providerRule, type ProviderRule } from './providers.js';
export { classifyRcptReply, parseEnhanced, ReplyReader, type RcptVerdict, type SmtpReply } from './reply.js';
export { isPrivateAddress } from './ip.js';
export { parseSocks5Url, type Socks5Proxy } from './socks5.js';
