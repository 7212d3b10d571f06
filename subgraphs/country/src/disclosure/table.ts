import { type Catalog, codelistOf, type IndicatorDef, partitionsOf } from '@migfed/schema';

/** One cell of a published table (one indicator, one period), as the disclosure rule sees it. */
export interface Cell {
  /** Series key: the codes of the indicator's dimensions in dimension-name order (`UKR;F`). */
  key: string;
  value: number | null;
  /** CONF_STATUS: `F` free, anything else withholds the value from readers. */
  conf: string;
  /**
   * The same value is already readable in clear in an earlier release (the history and `asOf`
   * keep it): withholding the cell now hides nothing from a reader who assumes it unchanged.
   */
  known?: boolean;
}

/** How a table adds up: per dimension (in series-key order), the sets of codes that sum to `_T`. */
export interface TableShape {
  partitions: readonly (readonly ReadonlySet<string>[])[];
  /** The catalog's small-count threshold for the indicator (null: none). */
  threshold: number | null;
}

/**
 * One additivity relation among the cells: the total (`_T` in one dimension, the other codes
 * fixed) and the cells of one breakdown of it. `eq`: they add up exactly; `le`: the breakdown is
 * incomplete (its cells sum to less), so a reader knows only that they do not exceed the total.
 * A breakdown that sums to more than its total says nothing a reader could rely on, so it is left out.
 */
export interface Line {
  total: string;
  members: string[];
  relation: 'eq' | 'le';
}

export function shapeOf(catalog: Catalog, indicator: IndicatorDef): TableShape {
  const dims = [...indicator.dimensions].sort();
  return {
    partitions: dims.map((d) => {
      const list = codelistOf(catalog, d);
      return list ? Object.values(partitionsOf(list)).map((codes) => new Set(codes)) : [];
    }),
    threshold: indicator.smallCountThreshold,
  };
}

/** A withheld cell: it has a value and readers do not get it. */
export const isWithheld = (cell: Cell) => cell.value !== null && cell.conf !== 'F';

/**
 * The narrowest interval a reader may be able to put around a withheld value of `value`: no
 * narrower than the small-count threshold (a small count must not be told apart from the other
 * small counts) nor than ±10 % of the value, and never a single number.
 */
export function protectionWidth(value: number, threshold: number | null): number {
  return Math.max(threshold ?? 0, 0.2 * value, 1);
}

/** Every additivity relation among the cells that have a value. */
export function linesOf(shape: TableShape, cells: readonly Cell[]): Line[] {
  const byKey = new Map(cells.filter((c) => c.value !== null).map((c) => [c.key, c]));
  const split = [...byKey.keys()].map((key) => ({ key, codes: key.split(';') }));
  const lines: Line[] = [];
  shape.partitions.forEach((parts, d) => {
    // The cells of each breakdown of one total: same codes in every other dimension.
    const groups = new Map<string, { key: string; code: string }[]>();
    for (const { key, codes } of split) {
      if (codes.length !== shape.partitions.length) continue;
      const rest = [...codes.slice(0, d), ...codes.slice(d + 1)].join(';');
      const group = groups.get(rest) ?? [];
      group.push({ key, code: codes[d]! });
      groups.set(rest, group);
    }
    for (const group of groups.values()) {
      const total = group.find((c) => c.code === '_T');
      if (!total) continue;
      for (const part of parts) {
        const members = group.filter((c) => c.code !== '_T' && part.has(c.code)).map((c) => c.key);
        if (members.length === 0) continue;
        const sum = members.reduce((s, k) => s + byKey.get(k)!.value!, 0);
        const t = byKey.get(total.key)!.value!;
        if (sum > t) continue;
        lines.push({ total: total.key, members, relation: sum === t ? 'eq' : 'le' });
      }
    }
  });
  return lines;
}
