import { withheldBounds } from './bounds.js';
import { type Cell, isWithheld, type Line, linesOf, protectionWidth, type TableShape } from './table.js';

/** CONF_STATUS the rule sets: A primary (below the threshold), D secondary (to protect another cell). */
export type Suppression = 'A' | 'D';

/** Floating-point slack of the linear programmes. */
const EPSILON = 1e-6;

/**
 * The disclosure rule for one published table (one indicator and period): which cells must be
 * withheld, and how (the cells' new CONF_STATUS; cells not in the map keep theirs).
 *
 * Primary: a free cell with a value above 0 and under the indicator's threshold gets `A`.
 * Secondary: every withheld cell (whatever its reason) must keep a protection interval (see
 * protectionWidth) against a reader who knows every published cell, that each breakdown adds up
 * to its total and that counts are non-negative. A singleton-and-hypercube style heuristic first:
 * on each relation, a lone withheld cell, or withheld cells whose known sum is too small, make the
 * smallest further cell of that relation `D`, repeated to a fixed point; then an exact check (the
 * bounds a linear programme finds, as an attacker would) and, for a cell still too narrow, the
 * smallest published cell linked to it becomes `D` too, until every interval holds.
 */
export function protectTable(shape: TableShape, input: readonly Cell[]): Map<string, Suppression> {
  const out = new Map<string, Suppression>();
  const cells = new Map(input.map((c) => [c.key, { ...c }]));
  // Withheld cells whose interval is not known to hold yet. Withholding one more cell only ever
  // widens every interval (the reader knows less), so a cell that passed once stays protected.
  const pending = new Set<string>();
  const set = (key: string, conf: Suppression) => {
    cells.get(key)!.conf = conf;
    out.set(key, conf);
    pending.add(key);
  };
  const threshold = shape.threshold;
  if (threshold !== null) {
    for (const c of cells.values()) if (c.conf === 'F' && c.value !== null && c.value > 0 && c.value < threshold) set(c.key, 'A');
  }
  if (![...cells.values()].some(isWithheld)) return out;
  const lines = linesOf(shape, [...cells.values()]);
  const need = (key: string) => protectionWidth(cells.get(key)!.value!, threshold);
  const published = (key: string) => !isWithheld(cells.get(key)!);
  const known = (key: string) => cells.get(key)!.known === true;
  /**
   * The published cell to give up: the smallest non-zero one (a zero hides little), else a zero;
   * with `fresh`, only among cells whose value no earlier release published in clear.
   */
  const smallest = (keys: Iterable<string>, fresh = false) => {
    let best: string | undefined;
    const rank = (k: string) => {
      const v = cells.get(k)!.value!;
      return v > 0 ? v : Number.POSITIVE_INFINITY;
    };
    for (const k of keys) {
      if (!published(k) || (fresh && known(k))) continue;
      if (best === undefined || rank(k) < rank(best) || (rank(k) === rank(best) && k < best)) best = k;
    }
    return best;
  };
  // Withholding a value an earlier release published in clear protects nothing against a reader
  // of the history, so cells with new values go first; an already-known cell only when no other
  // cell can do it (it still keeps the table as published now from giving the value away).
  const choose = (keys: Iterable<string>) => smallest(keys, true) ?? smallest(keys);
  const byCell = new Map<string, Line[]>();
  for (const line of lines) {
    for (const k of [line.total, ...line.members]) byCell.set(k, [...(byCell.get(k) ?? []), line]);
  }
  for (const c of cells.values()) if (isWithheld(c)) pending.add(c.key);
  let guard = cells.size + 1;
  while (guard-- > 0) {
    // The heuristic, to a fixed point: each pass runs until one relation made a cell D.
    while (lines.some(lineHeuristic)) {}
    const check = [...pending];
    pending.clear();
    const narrow = [...withheldBounds([...cells.values()], lines, check)].filter(([key, b]) => b.hi - b.lo + EPSILON < need(key));
    for (const [key] of narrow) pending.add(key);
    let changed = false;
    for (const [key] of narrow) {
      const pick = nearestPublished(key);
      if (pick === undefined || !published(pick)) continue;
      set(pick, 'D');
      changed = true;
    }
    if (!changed) break;
  }
  return out;

  /** One relation on its own: true when it made a cell `D`. */
  function lineHeuristic(line: Line): boolean {
    const withheldMembers = line.members.filter((k) => !published(k));
    if (published(line.total)) {
      if (withheldMembers.length === 0) return false;
      const rest = line.members.filter(published).reduce((s, k) => s + cells.get(k)!.value!, 0);
      const slack = cells.get(line.total)!.value! - rest;
      const width = line.relation === 'eq' && withheldMembers.length === 1 ? 0 : slack;
      if (width + EPSILON >= Math.max(...withheldMembers.map(need))) return false;
      const freshTotal = published(line.total) && !known(line.total) ? line.total : undefined;
      const pick = smallest(line.members, true) ?? freshTotal ?? smallest(line.members) ?? line.total;
      set(pick, 'D');
      return true;
    }
    if (line.relation !== 'eq' || withheldMembers.length > 0) return false;
    const pick = choose(line.members);
    if (pick === undefined) return false;
    set(pick, 'D');
    return true;
  }

  /**
   * The smallest published cell sharing a relation with `key`, looking further through withheld
   * cells; one with a new value if any ring around `key` has one, else the nearest known one.
   */
  function nearestPublished(key: string): string | undefined {
    const seen = new Set([key]);
    let frontier = [key];
    let fallback: string | undefined;
    while (frontier.length > 0) {
      const around = new Set(frontier.flatMap((k) => (byCell.get(k) ?? []).flatMap((l) => [l.total, ...l.members])));
      const pick = smallest(around, true);
      if (pick !== undefined) return pick;
      fallback ??= smallest(around);
      frontier = [...around].filter((k) => !seen.has(k));
      for (const k of frontier) seen.add(k);
    }
    return fallback;
  }
}
