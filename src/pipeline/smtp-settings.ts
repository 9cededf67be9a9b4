/**
 * `--smtp` settings as the prober takes them: refused with `--offline`, needs `--smtp-from`, and
 * an EHLO name that is fully qualified (default: this machine's name). The values of the flags
 * themselves were checked by the settings schema (model/config.ts); this adds the rules that
 * join them, and the defaults that need the machine.
 */
import { lookup, lookupService } from 'node:dns/promises';
import { hostname } from 'node:os';
import { isFullyQualified, type Config } from '../model/config.js';
import { KwigaError } from '../model/errors.js';

/** What the prober needs from the settings (smtp/options.ts `SmtpProberOptions`, minus the run's parts). */
export interface SmtpSettings {
  /** MAIL FROM. */
  from: string;
  /** EHLO/HELO name. */
  helo: string;
  /** `--smtp-port`. */
  port?: number;
  /** `--smtp-timeout`. */
  timeoutMs?: number;
  /** `--smtp-concurrency`. */
  concurrency?: number;
  /** `--smtp-max`. */
  maxProbes?: number;
  /** `--smtp-proxy`. */
  proxy?: string;
  /** `--smtp-allow-private`. */
  allowPrivate: boolean;
  /** From the `smtpRate` key: least time between two RCPTs to one host. */
  rcptIntervalMs?: number;
  /** The `smtpRetryDelay` key. */
  retryDelayMs?: number;
}

/** Bound on finding the machine's name: a resolver that hangs must not hold the run. */
const NAME_TIMEOUT_MS = 3000;

/**
 * The settings of `--smtp`, or undefined without it. Throws a USAGE KwigaError (exit 2) for
 * `--smtp` with `--offline`, without `--smtp-from`, or without a fully qualified EHLO name.
 * `machineName` is injectable for tests.
 */
export async function smtpSettings(config: Config, machineName: () => Promise<string> = fullHostName): Promise<SmtpSettings | undefined> {
  if (!config.smtp) return undefined;
  if (config.offline) {
    throw new KwigaError('USAGE', 'Option --smtp needs the network, and --offline forbids it: drop one of the two');
  }
  if (config.smtpFrom === undefined) {
    throw new KwigaError('USAGE', 'Option --smtp needs --smtp-from <address>: a real mailbox on a domain you control, sent as MAIL FROM');
  }
  const helo = config.smtpHelo ?? (await machineName());
  if (!isFullyQualified(helo)) {
    throw new KwigaError(
      'USAGE',
      `This machine's name "${helo}" is not a fully qualified host name, and mail servers refuse or blocklist probes that greet with one: ` +
        'pass --smtp-helo <name>, the name of the sending host (its reverse DNS), like mail.your-school.com',
    );
  }
  const settings: SmtpSettings = { from: config.smtpFrom, helo, allowPrivate: config.smtpAllowPrivate };
  if (config.smtpPort !== undefined) settings.port = config.smtpPort;
  if (config.smtpTimeout !== undefined) settings.timeoutMs = config.smtpTimeout;
  if (config.smtpConcurrency !== undefined) settings.concurrency = config.smtpConcurrency;
  if (config.smtpMax !== undefined) settings.maxProbes = config.smtpMax;
  if (config.smtpProxy !== undefined) settings.proxy = config.smtpProxy;
  if (config.smtpRate !== undefined) settings.rcptIntervalMs = 1000 / config.smtpRate;
  if (config.smtpRetryDelay !== undefined) settings.retryDelayMs = config.smtpRetryDelay;
  return settings;
}

/**
 * The machine's fully qualified name, as `hostname -f` and Python's `socket.getfqdn` find it:
 * `os.hostname()` when it has a dot, else the canonical name the system resolver gives for the
 * name's own address (usually from /etc/hosts). The bare name when neither works.
 */
export async function fullHostName(): Promise<string> {
  const name = hostname();
  if (name.includes('.')) return name;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(name), NAME_TIMEOUT_MS)));
  const canonical = (async () => {
    const { address } = await lookup(name);
    const found = await lookupService(address, 0);
    return found.hostname.includes('.') ? found.hostname : name;
  })().catch(() => name);
  try {
    return await Promise.race([canonical, late]);
  } finally {
    clearTimeout(timer);
  }
}
