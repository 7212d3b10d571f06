/** One thing wrong with an uploaded file, where a person can find it. */
export interface Problem {
  severity: 'error' | 'warning';
  /** 1-based line of the file (line 1 is the header). */
  line: number;
  /** The column's name in the header, when the problem is in one cell. */
  column?: string;
  message: string;
}

/** Thrown for a file that cannot be read at all (no header, unknown columns …): nothing is written. */
export class ImportRejected extends Error {
  /** How many problems there are in all; `problems` may list only the first of them. */
  readonly count: number;
  constructor(
    readonly problems: Problem[],
    count = problems.length,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.count = count;
  }
}

export function formatProblem(p: Problem): string {
  const where = p.column ? `line ${p.line}, column ${p.column}` : `line ${p.line}`;
  return `${where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}
