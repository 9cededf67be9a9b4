/** English words of the SMTP part of the reports (`--smtp`). */
import type { SmtpStrings } from './smtp.js';

/** English. */
export const smtp: SmtpStrings = {
  section: 'Mailbox check (SMTP)',
  intro:
    'Each domain’s mail server was asked whether the mailbox exists, in an SMTP dialogue that stops before any letter is sent. ' +
    'Only a server that also refused a made-up address at the same domain can reject a row; timeouts, temporary answers and refusals of the checking computer never do.',
  label: 'SMTP',
  status: { ok: 'ok', unavailable: 'unavailable', stopped: 'stopped' },
  ran: '{probes} in {sessions} with {hosts}',
  reasons: {
    port_blocked:
      'No mail server could be reached on the SMTP port (many home and cloud networks block outgoing port 25), so mailboxes were not checked and every row kept its DNS verdict. Run from a host that may connect, or use --smtp-proxy.',
    proxy_unreachable: 'The SOCKS5 proxy (--smtp-proxy) could not be reached, so mailboxes were not checked and every row kept its DNS verdict.',
    policy_rate:
      'Mail servers refused the checking computer too often (blocklists, reputation), so probing stopped; rows not probed kept their DNS verdict.',
    aborted: 'The run was stopped before every mailbox was checked.',
  },
  answers: {
    exists: 'exists',
    not_found: 'does not exist',
    full: 'mailbox full',
    catch_all: 'catch-all',
    unverified: 'not verified',
    skipped: 'not probed',
  },
  causes: {
    timeout: 'timeout',
    refused: 'connection refused',
    greylisted: 'greylisted',
    policy: 'refused us (policy)',
    provider_accepts_all: 'provider accepts all',
    private_mx: 'private MX',
    unresolved: 'MX without address',
    protocol: 'protocol error',
    unclassified: 'unclear answer',
    inconsistent: 'inconsistent',
    unavailable: 'SMTP unavailable',
    stopped: 'probing stopped',
    max_reached: '--smtp-max reached',
    aborted: 'run stopped',
  },
  catchAll: 'Domains that accept any address: {domains}',
  more: '… and {count} more',
  th: { answer: 'Mail server’s answer', rows: 'Rows' },
};
