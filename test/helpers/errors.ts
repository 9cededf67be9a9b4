import { expect } from 'vitest';
import { KwigaError } from '../../src/model/errors.js';

/** The KwigaError `promise` rejects with; fails the test when it settles otherwise. */
export async function kwigaFailure(promise: Promise<unknown>): Promise<KwigaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KwigaError);
  return error as KwigaError;
}
