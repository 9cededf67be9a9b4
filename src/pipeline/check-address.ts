/**
 * The offline checks of one email cell on their own, for callers that have no run (tests, a
 * library user vetting a single address): the pipeline's first stages with a fresh domain memo.
 */
import { DomainFactsCache, type DomainCheckOptions } from '../checks/domain-facts.js';
import type { Finding } from '../model/findings.js';
import { createStages, newWork, runStages } from './stages.js';
import type { AddressFacts } from '../model/row.js';
import { DEFAULT_POLICY, type Policy } from '../model/policy.js';

/** Settings of the offline address checks (from the config file). */
export interface AddressCheckOptions extends DomainCheckOptions {
  /** Extra role names (local parts) to flag. */
  roleNames?: ReadonlySet<string>;
  /** Reason → bucket, for deciding which fixes are no fix; default SPEC's. */
  policy?: Policy;
}

/** What the offline stages found in one email cell. */
export interface AddressCheck {
  /** Normalized address facts. */
  facts: AddressFacts;
  /** Findings, in stage order. */
  findings: Finding[];
  /** Whether the address is valid enough to look up and to match against lists. */
  usable: boolean;
  /** Provider-alias mailbox key, when the provider aliases. */
  alias?: string;
}

/** Runs the offline stages (extract, syntax, domain, mailbox, role, fixes) on one cell. */
export function checkAddress(cell: string, options: AddressCheckOptions = {}): AddressCheck {
  const stages = createStages({
    policy: options.policy ?? DEFAULT_POLICY,
    domainOptions: options,
    roleNames: options.roleNames,
    domainFacts: new DomainFactsCache(options),
  });
  const work = newWork({ line: 0, fields: [cell] }, cell);
  void runStages(stages, work);
  const check: AddressCheck = { facts: work.facts, findings: work.findings, usable: work.usable };
  if (work.alias !== undefined) check.alias = work.alias;
  return check;
}
