import type { FileHandle } from 'node:fs/promises';
import { KwigaError } from '../../model/errors.js';

/** Up to `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * `promise`, or a rejection with ABORTED (the same error as src/abort.ts's `stopped()`) as soon as
 * the signal fires. A copy kept here so src/xlsx depends on nothing that the ongoing restructuring
 * of src/ may move; the listener lives only as long as this one wait.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const stopped = () => new KwigaError('ABORTED', 'The run was stopped before it finished.');
  if (signal.aborted) return Promise.reject(stopped());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
