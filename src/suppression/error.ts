/**
 * A suppression file the loader cannot understand. The CLI maps it to exit 2 with one plain line
 * naming the file and line (SPEC: "a file the loader cannot understand is an input error").
 */
export class SuppressionLoadError extends Error {
  /** The file as given on the command line. */
  readonly file: string;
  /** 1-based line the problem was found on, when it is about one line. */
  readonly line?: number;

  constructor(file: string, line: number | undefined, message: string) {
    super(line === undefined ? `${file}: ${message}` : `${file}, line ${line}: ${message}`);
    this.name = 'SuppressionLoadError';
    this.file = file;
    if (line !== undefined) this.line = line;
  }
}
