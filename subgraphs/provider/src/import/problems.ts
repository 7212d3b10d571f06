/** One row the importer could not load, where a person can find it in the file. */
export interface Problem {
  file: string;
  /** 1-based line of the file (line 1 is the header). */
  line: number;
  /** The column's name in the header, when one cell is at fault. */
  column?: string;
  /** The full message, with the offending value. */
  message: string;
  /** The message without the value, to count rows rejected for the same reason. */
  reason: string;
}

export function formatProblem(p: Problem): string {
  const where = p.column ? `${p.file}, line ${p.line}, column ${p.column}` : `${p.file}, line ${p.line}`;
  return `${where}: ${p.message}`;
}

/** A file or folder that cannot be imported at all (no file recognised, unknown header, …). */
export class ImportError extends Error {
  override name = 'ImportError';
}
