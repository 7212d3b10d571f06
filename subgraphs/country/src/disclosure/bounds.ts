import { type Constraint, type Model, solve } from 'yalps';
import { type Cell, isWithheld, type Line } from './table.js';

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * What a reader can learn about each withheld cell from the published ones: the smallest and the
 * largest value it can take, given the additivity relations and that counts are non-negative (one
 * linear programme per bound, over the withheld cells linked to it by some relation).
 */
export function withheldBounds(cells: readonly Cell[], lines: readonly Line[], only?: readonly string[]): Map<string, Interval> {
  const byKey = new Map(cells.map((c) => [c.key, c]));
  const withheld = (key: string) => isWithheld(byKey.get(key)!);
  // Each relation as Σ coefficient·withheld cell (=|≤) the published figures it leaves over.
  const rows = lines.flatMap((line, i) => {
    const terms = new Map<string, number>();
    let rhs = withheld(line.total) ? 0 : byKey.get(line.total)!.value!;
    if (withheld(line.total)) terms.set(line.total, -1);
    for (const m of line.members) {
      if (withheld(m)) terms.set(m, (terms.get(m) ?? 0) + 1);
      else rhs -= byKey.get(m)!.value!;
    }
    if (terms.size === 0) return [];
    const constraint: Constraint = line.relation === 'eq' ? { equal: rhs } : { max: rhs };
    return [{ name: `r${i}`, terms, constraint }];
  });
  // Withheld cells linked through relations form one programme; the others cannot narrow them.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  for (const c of cells) if (isWithheld(c)) parent.set(c.key, c.key);
  for (const row of rows) {
    const [first, ...rest] = [...row.terms.keys()];
    for (const k of rest) parent.set(find(k), find(first!));
  }
  const out = new Map<string, Interval>();
  for (const target of only ?? [...parent.keys()]) {
    if (!parent.has(target)) continue;
    const component = find(target);
    const own = rows.filter((r) => find(r.terms.keys().next().value!) === component);
    if (own.length === 0) {
      out.set(target, { lo: 0, hi: Number.POSITIVE_INFINITY });
      continue;
    }
    const variables: Record<string, Record<string, number>> = {};
    for (const row of own) {
      for (const [k, coefficient] of row.terms) variables[k] = { ...variables[k], [row.name]: coefficient };
    }
    variables[target]!.objective = 1;
    const constraints = Object.fromEntries(own.map((r) => [r.name, r.constraint]));
    const bound = (direction: 'minimize' | 'maximize') => {
      const model: Model = { direction, objective: 'objective', constraints, variables };
      const result = solve(model);
      if (result.status === 'optimal') return result.result;
      if (result.status === 'unbounded') return direction === 'maximize' ? Number.POSITIVE_INFINITY : 0;
      // The true values satisfy every relation, so this is rounding inside the solver: count the
      // cell as exposed, which only ever withholds more.
      return byKey.get(target)!.value!;
    };
    out.set(target, { lo: bound('minimize'), hi: bound('maximize') });
  }
  return out;
}
