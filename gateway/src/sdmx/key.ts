// SDMX keys: one position per key dimension in DSD order, `.`-separated; an empty position is any
// code, `+` joins codes (`A.KAZ+UZB.STOCK_FOREIGNERS...`); `all` (or nothing) is every series.
// Every code is checked against its dimension's codelist, so a typo is a 400 that names the
// position, the dimension and the code, not an empty answer.
import { notImplemented, semantic } from './errors.js';
import type { KeyDimension } from './model.js';

/** Per key dimension: the codes asked for, or null for any. */
export type ParsedKey = Map<string, string[] | null>;

export function parseKey(key: string | undefined, dims: readonly KeyDimension[]): ParsedKey {
  const parsed: ParsedKey = new Map(dims.map((d) => [d.id, null]));
  if (key === undefined || key === '' || key === 'all' || key === 'ALL') return parsed;
  const parts = key.split('.');
  if (parts.length !== dims.length) {
    throw semantic(
      `The key "${key}" has ${parts.length} position${parts.length === 1 ? '' : 's'}; this DSD's key has ${dims.length}: ${dims.map((d) => d.id).join('.')}`,
    );
  }
  for (const [i, part] of parts.entries()) {
    if (part === '') continue;
    const dim = dims[i]!;
    const known = new Set(dim.codelist.codes.map((c) => c.id));
    const codes = [...new Set(part.split('+'))];
    for (const code of codes) {
      if (code === '' || !known.has(code)) {
        throw semantic(`Key position ${i + 1} (${dim.id}): "${code}" is not a code of ${dim.codelist.id}`);
      }
    }
    parsed.set(dim.id, codes);
  }
  return parsed;
}

/** SDMX 3.0 `c[DIM]=A,B` filters onto a key (only equality on key dimensions; `+`/`,` for or). */
export function applyComponentFilters(parsed: ParsedKey, filters: Record<string, string>, dims: readonly KeyDimension[]): ParsedKey {
  for (const [id, value] of Object.entries(filters)) {
    const dim = dims.find((d) => d.id === id);
    if (!dim) throw semantic(`c[${id}]: ${id} is not a dimension of the key (${dims.map((d) => d.id).join(', ')})`);
    if (/^(ne|lt|le|gt|ge|co|nc|sw|ew):/.test(value)) throw notImplemented(`c[${id}]=${value}: operators other than equality`);
    const codes = value.replace(/^eq:/, '').split(/[,+]/);
    const known = new Set(dim.codelist.codes.map((c) => c.id));
    const bad = codes.find((c) => !known.has(c));
    if (bad !== undefined) throw semantic(`c[${id}]: "${bad}" is not a code of ${dim.codelist.id}`);
    const before = parsed.get(id);
    parsed.set(id, before ? before.filter((c) => codes.includes(c)) : codes);
  }
  return parsed;
}
