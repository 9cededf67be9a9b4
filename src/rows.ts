import { parseConfig, type ConfigInput } from './config.js';
import type { DomainChecker } from './dns/checker.js';
import { Engine } from './engine.js';
import { KwigaError } from './errors.js';
import { headerScore } from './io/detect.js';
import { makePolicy } from './policy.js';
import type { RowResult } from './row.js';
import { createParts } from './parts.js';

/** One input item: an address, or a record whose address is in `emailColumn` (or a column named like one). */
export type RowInput = string | Readonly<Record<string, string>>;

/** Options of `validateRows`: the same settings as the CLI, plus hooks. */
export interface ValidateRowsOptions extends ConfigInput {
  /** Stops the run between rows. */
  signal?: AbortSignal;
  /** A ready domain checker (custom resolver, tests). */
  domainChecker?: DomainChecker;
}

const IN_FLIGHT = 10_000;

/**
 * Checks rows from any (async) iterable and yields typed results in input order, as they complete.
 * `row.line` is the 1-based position of the item.
 */
export async function* validateRows(
  source: AsyncIterable<RowInput> | Iterable<RowInput>,
  options: ValidateRowsOptions = {},
): AsyncGenerator<RowResult> {
  const { signal, domainChecker, ...settings } = options;
  const config = parseConfig(settings, 'flags');
  const parts = await createParts(config, domainChecker);
  const engine = new Engine({ policy: makePolicy(config.policy), address: parts.address, ...parts.optional });
  const column = typeof config.emailColumn === 'string' ? config.emailColumn : undefined;
  const pending: (RowResult | Promise<RowResult>)[] = [];
  let line = 0;
  try {
    for await (const item of source) {
      if (signal?.aborted) throw new KwigaError('ABORTED', 'The run was stopped before it finished.');
      line++;
      const fields = typeof item === 'string' ? [item] : Object.values(item);
      const index = typeof item === 'string' ? 0 : emailIndex(item, column);
      pending.push(engine.process({ line, fields }, index));
      while (pending.length > 0 && (!(pending[0] instanceof Promise) || pending.length > IN_FLIGHT)) {
        yield await pending.shift()!;
      }
    }
    while (pending.length > 0) yield await pending.shift()!;
  } finally {
    await parts.close();
  }
}

function emailIndex(record: Readonly<Record<string, string>>, column: string | undefined): number {
  const keys = Object.keys(record);
  if (column !== undefined) return keys.indexOf(column);
  let best = -1;
  let bestScore = 0;
  keys.forEach((key, i) => {
    const score = headerScore(key);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}
