import type { CodelistDef, DimensionDef, IndicatorDef } from './catalog.js';

/** International estimates a mirror pair can be read against (the providers' identifiers). */
export const THIRD_OPINIONS = ['UNHCR', 'UNDESA'] as const;
export type ThirdOpinion = (typeof THIRD_OPINIONS)[number];

/** One side of a mirror pair: which indicator, broken down by which partner dimension, the other dimensions fixed. */
export interface MirrorSide {
  indicator: string;
  /** The dimension that names the other country (an AREA dimension of the indicator). */
  partnerDimension: string;
  /** Codes the other dimensions are held at; a dimension not named is its total `_T`. */
  fixed: Record<string, string>;
}

/**
 * Two indicators that count the same people from both ends: the origin (the country people left,
 * or whose citizens they are) reports them by the partner they went to, the destination reports
 * them by the partner they came from. `origin` is null where only the destination counts them
 * (asylum), and an international estimate is the second opinion.
 */
export interface MirrorPair {
  id: string;
  name: string;
  origin: MirrorSide | null;
  destination: MirrorSide;
  thirdOpinion: ThirdOpinion | null;
}

interface CatalogParts {
  indicator(code: string): IndicatorDef | undefined;
  dimensions: Map<string, DimensionDef>;
  codelists: Map<string, CodelistDef>;
}

function checkSide(raw: unknown, where: string, catalog: CatalogParts): MirrorSide {
  if (!raw || typeof raw !== 'object') throw new Error(`${where}: expected { indicator, partnerDimension, fixed }`);
  const side = raw as Partial<MirrorSide>;
  const def = typeof side.indicator === 'string' ? catalog.indicator(side.indicator) : undefined;
  if (!def) throw new Error(`${where}.indicator: "${String(side.indicator)}" is not an indicator of the catalog`);
  const partner = side.partnerDimension;
  if (typeof partner !== 'string' || !def.dimensions.includes(partner)) {
    throw new Error(`${where}.partnerDimension: "${String(partner)}" is not a dimension of ${def.code} (${def.dimensions.join(', ')})`);
  }
  if (catalog.dimensions.get(partner)?.codelist !== 'AREA') {
    throw new Error(`${where}.partnerDimension: ${partner} does not name territories (its codelist is not AREA)`);
  }
  const fixed = side.fixed ?? {};
  for (const [dimension, code] of Object.entries(fixed)) {
    if (dimension === partner || !def.dimensions.includes(dimension)) {
      throw new Error(`${where}.fixed.${dimension}: not a dimension of ${def.code} other than its partner dimension`);
    }
    const codelist = catalog.codelists.get(catalog.dimensions.get(dimension)?.codelist ?? '');
    if (!codelist?.codes.some((c) => c.id === code)) {
      throw new Error(`${where}.fixed.${dimension}: "${code}" is not a code of ${codelist?.id ?? dimension}`);
    }
  }
  return { indicator: def.code, partnerDimension: partner, fixed: { ...fixed } };
}

/**
 * The mirror pairs of `mirrors.json`, checked against the catalog: each error names the pair and
 * the field. A new pair over existing indicators is data only.
 */
export function parseMirrorPairs(raw: unknown, catalog: CatalogParts): MirrorPair[] {
  const pairs = (raw as { pairs?: unknown })?.pairs;
  if (!Array.isArray(pairs)) throw new Error('mirrors.json: expected { "pairs": [ … ] }');
  const seen = new Set<string>();
  return pairs.map((p: Record<string, unknown>, i) => {
    const id = p?.id;
    const where = `mirrors.json pairs[${i}]${typeof id === 'string' ? ` (${id})` : ''}`;
    if (typeof id !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(id)) throw new Error(`${where}.id: expected an upper-case code`);
    if (seen.has(id)) throw new Error(`${where}.id: ${id} is declared twice`);
    seen.add(id);
    if (typeof p.name !== 'string' || p.name === '') throw new Error(`${where}.name: expected a non-empty string`);
    const third = p.thirdOpinion ?? null;
    if (third !== null && !THIRD_OPINIONS.includes(third as ThirdOpinion)) {
      throw new Error(`${where}.thirdOpinion: "${String(third)}" is none of ${THIRD_OPINIONS.join(', ')}`);
    }
    const origin = p.origin === null || p.origin === undefined ? null : checkSide(p.origin, `${where}.origin`, catalog);
    const destination = checkSide(p.destination, `${where}.destination`, catalog);
    if (!origin && !third) throw new Error(`${where}: a pair without an origin side needs a thirdOpinion to compare with`);
    if (origin) {
      const [fo, fd] = [catalog.indicator(origin.indicator)?.frequency, catalog.indicator(destination.indicator)?.frequency];
      if (fo !== fd) throw new Error(`${where}: ${origin.indicator} (${fo}) and ${destination.indicator} (${fd}) differ in frequency`);
    }
    return { id, name: p.name, origin, destination, thirdOpinion: (third as ThirdOpinion | null) ?? null };
  });
}
