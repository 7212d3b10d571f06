// A side's figures as members send them for a matrix, in either shape the matrix query asks
// (`breakdown` series or `observations`), grouped by partner once per answer.
import { flagsOf, mergeFlags } from './flags.js';

/** One figure of a side, as a member sends it in either shape (see MatrixFigures). */
export interface Figure {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  /** For a figure the member summed from sub-periods: how many had a value, and their flags. */
  parts?: number | null;
  partStatuses?: string[] | null;
  partConfidentiality?: string[] | null;
}

export interface Observation extends Figure {
  dimensions: { dimension: string; code: string }[];
}

/** One partner's figures as `breakdown` sends them: the i-th entry of each list is the i-th period's. */
export interface CodeSeries {
  code: string;
  periods: string[];
  values: (number | null)[];
  statuses: string[];
  confidentiality: string[];
  parts?: number[] | null;
  /** Per period, the sub-periods' one-letter codes written together (`AE`). */
  partStatuses?: string[] | null;
  partConfidentiality?: string[] | null;
}

/** The flags of a figure: its own, or every one among the sub-periods a member summed into it. */
export function figureFlags(o: Figure) {
  if (o.parts == null) return flagsOf(o.status, o.confidentiality);
  return mergeFlags([...(o.partStatuses ?? []).map((s) => flagsOf(s, 'F')), ...(o.partConfidentiality ?? []).map((c) => flagsOf('A', c))]);
}

/** A member's figures by partner code, per partner dimension: built once per answer, kept while it lives. */
const byPartnerOf = new WeakMap<Observation[] | CodeSeries[], Map<string, Map<string, Figure[]>>>();

const isSeries = (figures: Observation[] | CodeSeries[]): figures is CodeSeries[] => figures.length > 0 && 'periods' in figures[0]!;

/** A side as one figure per object with its dimensions (the SDMX-CSV of both sides needs them). */
export function asObservations(figures: Observation[] | CodeSeries[] | null | undefined): Observation[] {
  if (!figures) return [];
  if (isSeries(figures))
    throw new Error('the SDMX-CSV of both sides needs each figure with its dimensions: ask with matrixQuery(pair, "observations")');
  return figures;
}

/** A member's side by partner code: from `breakdown`'s entries, or each figure's code of the partner dimension. */
function groupByPartner(figures: Observation[] | CodeSeries[], dimension: string): Map<string, Figure[]> {
  const byPartner = new Map<string, Figure[]>();
  if (isSeries(figures)) {
    for (const s of figures) {
      byPartner.set(
        s.code,
        s.periods.map((period, i) => ({
          period,
          value: s.values[i] ?? null,
          status: s.statuses[i]!,
          confidentiality: s.confidentiality[i]!,
          parts: s.parts?.[i] ?? null,
          partStatuses: s.partStatuses ? [...s.partStatuses[i]!] : null,
          partConfidentiality: s.partConfidentiality ? [...s.partConfidentiality[i]!] : null,
        })),
      );
    }
    return byPartner;
  }
  for (const o of figures) {
    // A figure has one code per dimension.
    const code = o.dimensions.find((d) => d.dimension === dimension)?.code;
    if (code === undefined) continue;
    const list = byPartner.get(code);
    if (list) list.push(o);
    else byPartner.set(code, [o]);
  }
  return byPartner;
}

/**
 * The figures of a member's side whose partner dimension has code `partner`. A matrix looks up
 * every member's figures once per partner and period (132 pairs × both sides × ten years for a
 * decade of the DSM region from one answer): grouping them once makes that a lookup, not a scan.
 */
export function ofPartner(figures: Observation[] | CodeSeries[], dimension: string, partner: string): Figure[] {
  let byDimension = byPartnerOf.get(figures);
  if (!byDimension) {
    byDimension = new Map();
    byPartnerOf.set(figures, byDimension);
  }
  let byPartner = byDimension.get(dimension);
  if (!byPartner) {
    byPartner = groupByPartner(figures, dimension);
    byDimension.set(dimension, byPartner);
  }
  return byPartner.get(partner) ?? [];
}
