/** One row the importer could not load, where a person can find it in the file. */
export interface Problem {
  file: string;
  /** 1-based line of the file (line 1 is the header), or the row of a spreadsheet. */
  line: number;
  /** `row` for a spreadsheet's rows (default `line`). */
  lineWord?: 'line' | 'row';
  /** The column's name in the header, when one cell is at fault. */
  column?: string;
  /** The full message, with the offending value. */
  message: string;
  /** The message without the value, to count rows rejected for the same reason. */
  reason: string;
}

export function formatProblem(p: Problem): string {
  const at = `${p.file}, ${p.lineWord ?? 'line'} ${p.line}`;
  const where = p.column ? `${at}, column ${p.column}` : at;
  return `${where}: ${p.message}`;
}

/** A file or folder that cannot be imported at all (no file recognised, unknown header, …). */
export class ImportError extends Error {
  override name = 'ImportError';
}
