// The catalog's mirror pairs in the shape the matrix code reads (the registry's `mirrorPairs`
// answer): the gateway's field and its cost rule both start from these, so they agree on a pair.
import type { Catalog } from '@migfed/schema';
import type { MirrorPairDef, MirrorSideDef } from '../../reports/app/bilateral-matrix.js';

function sideDef(catalog: Catalog, side: Catalog['mirrorPairs'][number]['destination']): MirrorSideDef {
  const indicator = catalog.indicator(side.indicator);
  // parseMirrorPairs has checked every side against the catalog when it was loaded.
  if (!indicator) throw new Error(`mirror pair side names ${side.indicator}, which is not in the catalog`);
  return {
    indicator: { code: indicator.code, frequency: indicator.frequency },
    partnerDimension: side.partnerDimension,
    fixed: Object.entries(side.fixed).map(([dimension, code]) => ({ dimension, code })),
  };
}

const byCatalog = new WeakMap<Catalog, ReadonlyMap<string, MirrorPairDef>>();

/** Every mirror pair of the catalog by identifier, as `MIRROR_PAIRS_QUERY` returns them. */
export function mirrorPairDefs(catalog: Catalog): ReadonlyMap<string, MirrorPairDef> {
  const known = byCatalog.get(catalog);
  if (known) return known;
  const pairs = new Map(
    catalog.mirrorPairs.map((p) => [
      p.id,
      {
        id: p.id,
        name: p.name,
        origin: p.origin ? sideDef(catalog, p.origin) : null,
        destination: sideDef(catalog, p.destination),
        thirdOpinion: p.thirdOpinion,
      },
    ]),
  );
  byCatalog.set(catalog, pairs);
  return pairs;
}
