import { describe, expect, it } from 'vitest';
import { evaluateGates, getExitCode, type GateOptions } from '../src/report/build.js';

/** A report's totals: only `totals` decides the exit code. */
const totals = (rows: number, rejected: number, review: number) => ({ totals: { rows, clean: rows - rejected - review, rejected, review } });

describe('getExitCode(report, options)', () => {
  it.each<[string, ReturnType<typeof totals>, GateOptions, 0 | 1]>([
    ['no gates', totals(10, 10, 0), {}, 0],
    ['rejected under the limit', totals(100, 4, 0), { failOnRejected: 5 }, 0],
    ['rejected exactly at the limit passes', totals(100, 5, 0), { failOnRejected: 5 }, 0],
    ['rejected one row over the limit', totals(100, 6, 0), { failOnRejected: 5 }, 1],
    ['review exactly at the limit passes', totals(20, 0, 4), { failOnReview: 20 }, 0],
    ['review over the limit', totals(20, 0, 5), { failOnReview: 20 }, 1],
    ['0 rows never fail, even at 0 %', totals(0, 0, 0), { failOnRejected: 0, failOnReview: 0 }, 0],
    ['0 % with no rejected rows passes', totals(50, 0, 3), { failOnRejected: 0 }, 0],
    ['0 % with one rejected row fails', totals(50, 1, 0), { failOnRejected: 0 }, 1],
    ['100 % never fails', totals(3, 3, 0), { failOnRejected: 100 }, 0],
    ['only the gate asked for counts', totals(10, 0, 9), { failOnRejected: 5 }, 0],
    ['either gate fails the run', totals(10, 0, 9), { failOnRejected: 5, failOnReview: 50 }, 1],
    // Exact shares, not the rounded actualPercent: 1 of 3 is 33.333… %, over 33.33.
    ['exact share over a limit it rounds to', totals(3, 1, 0), { failOnRejected: 33.33 }, 1],
    ['exact share at 1/3 with a larger limit', totals(3, 1, 0), { failOnRejected: 33.34 }, 0],
    // 32.3 × 1000 is 32299.999999999996 in binary floats: 323 of 1000 rows are exactly 32.3 %.
    ['float noise does not fail a share exactly at the limit', totals(1000, 323, 0), { failOnRejected: 32.3 }, 0],
    ['one row over that limit', totals(1000, 324, 0), { failOnRejected: 32.3 }, 1],
    ['64.1 × 1000 = 64099.99999999999, exactly at', totals(1000, 0, 641), { failOnReview: 64.1 }, 0],
    ['a million rows, one row over', totals(1_000_000, 50_001, 0), { failOnRejected: 5 }, 1],
    ['a million rows, exactly at', totals(1_000_000, 50_000, 0), { failOnRejected: 5 }, 0],
  ])('%s', (_name, report, options, code) => {
    expect(getExitCode(report, options)).toBe(code);
  });

  it('ignores report.gates (they are for display)', () => {
    const report = { ...totals(10, 0, 0), gates: [{ name: 'rejected' as const, thresholdPercent: 0, actualPercent: 100, failed: true }] };
    expect(getExitCode(report, {})).toBe(0);
  });
});

describe('evaluateGates', () => {
  it.each<[string, ReturnType<typeof totals>, GateOptions, unknown[]]>([
    ['none asked', totals(10, 1, 1), {}, []],
    [
      'both, rejected first, rounded share for display',
      totals(21, 5, 8),
      { failOnReview: 50, failOnRejected: 10 },
      [
        { name: 'rejected', thresholdPercent: 10, actualPercent: 23.81, failed: true },
        { name: 'review', thresholdPercent: 50, actualPercent: 38.1, failed: false },
      ],
    ],
    ['0 rows', totals(0, 0, 0), { failOnReview: 0 }, [{ name: 'review', thresholdPercent: 0, actualPercent: 0, failed: false }]],
  ])('%s', (_name, report, options, gates) => {
    expect(evaluateGates(report.totals, options)).toEqual(gates);
  });

  it.each([0, 0.5, 1, 5, 33.33, 50, 99.99, 100])('agrees with getExitCode at threshold %s on every share of 7 rows', (threshold) => {
    for (let rejected = 0; rejected <= 7; rejected++) {
      const report = totals(7, rejected, 0);
      const failed = evaluateGates(report.totals, { failOnRejected: threshold })[0]!.failed;
      expect(getExitCode(report, { failOnRejected: threshold })).toBe(failed ? 1 : 0);
      expect(failed).toBe(rejected / 7 > threshold / 100);
    }
  });
});
