/**
 * Run-level failures. Row-level problems are never exceptions: they are findings.
 * Each code maps to one exit code (SPEC: 2 usage/input, 3 run failure).
 */
export const ERROR_CODES = {
  /** A bad option, flag value or config file. */
  USAGE: 2,
  /** The input cannot be used (missing, a directory, binary, empty, no email column). */
  INPUT: 2,
  /** A suppression list cannot be read or understood. */
  SUPPRESSION: 2,
  /** Outputs cannot be written. */
  OUTPUT: 3,
  /** The run was stopped (Ctrl-C, AbortSignal). */
  ABORTED: 3,
  /** A bug. */
  INTERNAL: 3,
} as const;

/** A run-level error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error class for run-level failures; its message is a plain one- or two-line sentence. */
export class KwigaError extends Error {
  /** What kind of failure this is. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KwigaError';
    this.code = code;
  }

  /** The process exit code for this error. */
  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}
