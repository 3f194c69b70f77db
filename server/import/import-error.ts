/**
 * Why an import was refused: which file, which line (1-based, when one line is to blame) and what is wrong.
 * Every refusal of the import pipeline is one of these, so the command line and the server can report it
 * the same way and tests can tell a refused file from a crash.
 */
export class ImportError extends Error {
  /** The file (or manifest) that was being imported. */
  readonly file: string;
  /** The 1-based line (or worksheet row) that is wrong; undefined when the file as a whole is. */
  readonly line: number | undefined;
  /** The problem, without the file and line. */
  readonly problem: string;

  constructor(file: string, line: number | undefined, problem: string, options?: { cause?: unknown }) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`, options);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
