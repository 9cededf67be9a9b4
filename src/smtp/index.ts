/**
 * SMTP mailbox probing (issue 13), self-contained: it imports nothing from the rest of src/.
 * The pipeline plugs `createSmtpProber(...).probe` in as one per-address stage.
 */
export { createSmtpProber, type SmtpProber } from './prober.js';
export type { SmtpProberOptions } from './options.js';
export type { MailboxAnswer, MailboxCause, MailboxKind, ProbeAddress, ReplyData, SmtpReport, SmtpRunStatus, SmtpStatusReason } from './types.js';
export { createMemoryAnswerCache, expiresAt, MAILBOX_TTL_MS, UNKNOWN_TTL_MS, type SmtpAnswerCache } from './cache.js';
export { PROVIDER_RULES, providerRule, type ProviderRule } from './providers.js';
export { classifyRcptReply, parseEnhanced, ReplyReader, type RcptVerdict, type SmtpReply } from './reply.js';
export { isPrivateAddress } from './ip.js';
export { parseSocks5Url, type Socks5Proxy } from './socks5.js';
