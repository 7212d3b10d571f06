import { type Catalog, codelistOf, partitionsOf } from '@migfed/schema';
import { protectionWidth } from '@migfed/subgraph-country/disclosure';
import highsModule from 'highs';

// The package declares its ESM build with a CommonJS-style declaration file: TypeScript sees the
// default import as the module object, while at run time it is the loader itself.
const highsLoader = highsModule as unknown as typeof highsModule.default;

/** A cell of a published table with its true value; `withheld`: readers get only its flag. */
export interface TrueCell {
  key: string;
  value: number | null;
  withheld: boolean;
}

export interface Exposure {
  key: string;
  value: number;
  /** The smallest and largest value a reader can prove the withheld cell has. */
  lo: number;
  hi: number;
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solver: Promise<Highs> | undefined;

/**
 * Plays the attacker against one published table (one indicator, one period), independently of
 * the disclosure rule's own code and with another solver (HiGHS): every relation "this breakdown
 * adds up to its total" that the true figures satisfy is assumed known (exact where the breakdown
 * is complete, "at most" where it is not), counts are non-negative, and each withheld cell is
 * bounded from below and above by linear programming over the published cells.
 */
export async function attackTable(catalog: Catalog, indicator: string, cells: readonly TrueCell[]): Promise<Exposure[]> {
  solver ??= highsLoader();
  const highs = await solver;
  const def = catalog.indicator(indicator)!;
  const dims = [...def.dimensions].sort();
  const known = cells.filter((c) => c.value !== null);
  const index = new Map(known.map((c) => [c.key, c]));
  const variable = new Map(known.filter((c) => c.withheld).map((c, i) => [c.key, `x${i}`]));
  const rows: string[] = [];
  for (const total of known) {
    const codes = total.key.split(';');
    codes.forEach((code, d) => {
      if (code !== '_T') return;
      for (const part of Object.values(partitionsOf(codelistOf(catalog, dims[d]!)!))) {
        const members = part
          .map((c) => index.get([...codes.slice(0, d), c, ...codes.slice(d + 1)].join(';')))
          .filter((c): c is TrueCell => c !== undefined);
        if (members.length === 0) continue;
        const sum = members.reduce((s, m) => s + m.value!, 0);
        if (sum > total.value!) continue;
        // Σ members − total (=|≤) 0, with the published cells moved to the right-hand side.
        let rhs = 0;
        const terms: string[] = [];
        for (const [cell, sign] of [...members.map((m) => [m, 1] as const), [total, -1] as const]) {
          if (cell.withheld) terms.push(`${sign > 0 ? '+' : '-'} ${variable.get(cell.key)}`);
          else rhs -= sign * cell.value!;
        }
        if (terms.length > 0) rows.push(`${terms.join(' ')} ${sum === total.value ? '=' : '<='} ${rhs}`);
      }
    });
  }
  const names = [...variable.values()];
  const bounds = names.map((n) => ` ${n} >= 0`).join('\n');
  const constraints = rows.map((r, i) => ` c${i}: ${r}`).join('\n');
  const out: Exposure[] = [];
  for (const [key, name] of variable) {
    const used = rows.some((r) => new RegExp(`\\b${name}\\b`).test(r));
    if (!used) {
      out.push({ key, value: index.get(key)!.value!, lo: 0, hi: Number.POSITIVE_INFINITY });
      continue;
    }
    const bound = (sense: 'Minimize' | 'Maximize') => {
      const lp = `${sense}\n obj: ${name}\nSubject To\n${constraints}\nBounds\n${bounds}\nEnd`;
      const result = highs.solve(lp);
      if (result.Status === 'Unbounded') return sense === 'Maximize' ? Number.POSITIVE_INFINITY : 0;
      if (result.Status !== 'Optimal') throw new Error(`attack on ${indicator} ${key}: ${result.Status}`);
      return result.ObjectiveValue;
    };
    out.push({ key, value: index.get(key)!.value!, lo: bound('Minimize'), hi: bound('Maximize') });
  }
  return out;
}

/**
 * The withheld cells of one table that a reader can pin down closer than the disclosure rule
 * promises (its protection width for the cell's value and the indicator's threshold), written as
 * `key=value in [lo, hi]`: empty when the table is safe.
 */
export async function tooNarrow(catalog: Catalog, indicator: string, cells: readonly TrueCell[]): Promise<string[]> {
  const threshold = catalog.indicator(indicator)!.smallCountThreshold;
  return (await attackTable(catalog, indicator, cells))
    .filter((e) => e.hi - e.lo + 1e-6 < protectionWidth(e.value, threshold))
    .map((e) => `${e.key}=${e.value} in [${e.lo}, ${e.hi}]`);
}
