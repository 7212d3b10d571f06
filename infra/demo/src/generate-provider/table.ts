import { loadCatalog } from '@migfed/schema';

/** A generated table in the layout of a provider's published CSV file: what its importer reads. */
export interface GeneratedTable {
  /** A file name, as messages show it; says that the table is generated. */
  name: string;
  header: string[];
  rows: string[][];
}

/** UNHCR never publishes a cell below 5: small counts are rounded up to 5 (a 5 stands for 1–5). */
export function unhcrRound(value: number): number {
  return value > 0 && value < 5 ? 5 : Math.max(0, Math.round(value));
}

/** English short name of a territory, or UNHCR's name for its own codes. */
export function territoryName(code: string): string {
  if (code === 'UNK') return 'Unknown';
  if (code === 'XXA') return 'Stateless';
  return loadCatalog().territory(code)?.name ?? code;
}

/**
 * Other origins by region, for the `_O` (other countries) share of a profile's asylum partners:
 * a generated UNHCR table names its origins, so the rest is spread over a few plausible ones.
 */
export const OTHER_ORIGINS: Record<'dsm' | 'siemmes', readonly string[]> = {
  dsm: ['AFG', 'SYR', 'IRQ', 'IRN', 'UNK'],
  siemmes: ['VEN', 'CUB', 'HTI', 'COL', 'UNK'],
};
