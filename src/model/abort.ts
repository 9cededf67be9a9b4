import { KwigaError } from './errors.js';

/** The error of a run stopped by its AbortSignal (or Ctrl-C). */
export function stopped(): KwigaError {
  return new KwigaError('ABORTED', 'The run was stopped before it finished.');
}

/**
 * `promise`, or a rejection with ABORTED as soon as the signal fires. The listener lives only as
 * long as this one wait: racing every wait against one never-settling "aborted" promise would pile
 * up a reaction per row on it (a leak of a million closures on a million-row run).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
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
