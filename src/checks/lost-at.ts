/**
 * `nadia.lysenko.gmail.com`, `olenagmail.com`: an address whose `@` was lost in front of a popular
 * domain. The row stays rejected (SPEC: no `@` is not an address), but the creator gets the fix.
 */
import { checkSyntax } from '../address/syntax.js';
import { POPULAR_SET } from './providers.js';

/** The address with its `@` put back, or undefined when no popular domain ends the text. */
export function missingAtFix(address: string): string | undefined {
  const lower = address.toLowerCase();
  let best: string | undefined;
  for (let i = lower.indexOf('.'); i > 0; i = lower.indexOf('.', i + 1)) {
    // Try every suffix that starts after a dot, then the same suffix glued to the name.
    for (let start = lower.lastIndexOf('.', i - 1) + 1; start < i; start++) {
      const domain = lower.slice(start);
      if (!POPULAR_SET.has(domain)) continue;
      let local = address.slice(0, start);
      if (/[.,_-]$/.test(local)) local = local.slice(0, -1);
      const candidate = `${local}@${domain}`;
      if (local && checkSyntax(candidate).ok && (best === undefined || candidate.length > best.length)) best = candidate;
      break;
    }
  }
  return best;
}
