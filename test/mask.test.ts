import { describe, expect, it } from 'vitest';
import { maskAddress } from '../src/report/mask.js';

describe('maskAddress', () => {
  it.each([
    ['olena@gmail.com', 'ol***@gmail.com'],
    ['ivan@ukr.net', 'i***@ukr.net'],
    ['a@x.com', '***@x.com'],
    ['no-at-sign', 'no***'],
    ['yurii@example.com; yurii.t@ukr.net', 'yu***@example.com; yu***@ukr.net'],
    ['"Doe, John" <john.doe@x.com> ::: jd@y.org', 'jo***@x.com; j***@y.org'],
  ])('%s → %s', (value, masked) => {
    expect(maskAddress(value)).toBe(masked);
  });
});
