import { jitter, parseShares, split, sumOf, type Shares } from './apportion.js';
import { FEMALE_OFFSET } from './profile.js';
import type { Rng } from './random.js';

/** One figure of a period: the dimensions that are not the total, and the value. */
export interface Cell {
  dimensions: Record<string, string>;
  value: number;
}

/**
 * The figures of one indicator and period: the total, one margin per dimension (each an integer split of
 * the total, the other dimensions at `_T`) and optionally the SEX × area cross table.
 */
export interface Breakdown {
  total: number;
  margins: Record<string, Map<string, number>>;
  cross?: { rows: string; columns: string; cells: Map<string, Map<string, number>> };
}

export function cellsOf(breakdown: Breakdown): Cell[] {
  const cells: Cell[] = [{ dimensions: {}, value: breakdown.total }];
  for (const [dim, margin] of Object.entries(breakdown.margins)) {
    for (const [code, value] of margin) cells.push({ dimensions: { [dim]: code }, value });
  }
  const cross = breakdown.cross;
  if (cross) {
    for (const [row, columns] of cross.cells) {
      for (const [column, value] of columns) cells.push({ dimensions: { [cross.rows]: row, [cross.columns]: column }, value });
    }
  }
  return cells;
}

/** A margin from profile shares (`'FAM:35 EMP:30 …'`), with a little noise from year to year. */
export function marginOf(total: number, spec: string | Shares, rng: Rng, sd = 0.05): Map<string, number> {
  const shares = typeof spec === 'string' ? parseShares(spec) : spec;
  return split(total, jitter(shares, rng, sd));
}

export interface SexByArea {
  area: Map<string, number>;
  sex: Map<string, number>;
  /** F and M by area: each column adds up to the area margin, each row to the sex margin. */
  cells: Map<string, Map<string, number>>;
}

/**
 * Splits a total by area (citizenship or country of birth), then each area's count by sex with the female
 * share of that group, so the SEX margin, the area margin and the cross table agree exactly.
 */
export function sexByArea(total: number, areas: Shares, femaleBase: number, rng: Rng): SexByArea {
  const area = split(total, jitter(areas, rng, 0.06));
  const female = new Map<string, number>();
  const male = new Map<string, number>();
  for (const [code, count] of area) {
    const share = Math.min(0.95, Math.max(0.03, femaleBase + (FEMALE_OFFSET[code] ?? 0) + 0.02 * rng.normal()));
    const f = Math.min(count, Math.max(0, Math.round(count * share)));
    female.set(code, f);
    male.set(code, count - f);
  }
  const f = sumOf(female.values());
  return {
    area,
    sex: new Map([
      ['F', f],
      ['M', total - f],
    ]),
    cells: new Map([
      ['F', female],
      ['M', male],
    ]),
  };
}
