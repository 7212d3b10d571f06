/** A SQL string literal. Only for values from the catalog or the header (already checked). */
export const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
