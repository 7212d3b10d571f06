import type { Catalog, RegionDef } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import {
  agencies,
  codelists,
  codes,
  dimensions,
  focalPoints,
  indicatorDimensions,
  indicators,
  members,
  regions,
  territories,
} from './schema.js';

const CHUNK = 1_000;

async function insertChunked<T extends Record<string, unknown>>(db: Db, table: Parameters<Db['insert']>[0], rows: T[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(table).values(rows.slice(i, i + CHUNK) as never);
}

/**
 * Replaces the registry's contents with the catalog and the region file, in one transaction: the
 * registry is derived from schema/, so a full refresh at start keeps both in step.
 */
export async function seedRegistry(db: Db, region: RegionDef, catalog: Catalog): Promise<void> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const table of [
      codes,
      codelists,
      dimensions,
      indicatorDimensions,
      indicators,
      focalPoints,
      agencies,
      members,
      regions,
      territories,
    ]) {
      await tx.delete(table);
    }
    await insertChunked(
      tx,
      territories,
      catalog.territories.map((t) => ({ ...t })),
    );
    await tx.insert(regions).values({ id: region.id, name: region.name, secretariat: region.secretariat });
    await tx
      .insert(members)
      .values(region.members.map((m, position) => ({ iso3: m.iso3, region: region.id, position, subgraphUrl: m.url })));
    await tx.insert(agencies).values(region.members.map((m) => ({ country: m.iso3, name: m.agency })));
    const points = region.members.flatMap((m) =>
      m.focalPoints.map((f) => ({ country: m.iso3, name: f.name, role: f.role, email: f.email ?? null, agency: m.agency })),
    );
    if (points.length > 0) await tx.insert(focalPoints).values(points);
    await tx.insert(indicators).values(
      catalog.indicators.map((i, position) => ({
        code: i.code,
        name: i.name,
        definition: i.definition,
        unit: i.unit,
        frequency: i.frequency,
        minimumSet: i.minimumSet,
        smallCountThreshold: i.smallCountThreshold,
        position,
      })),
    );
    await tx
      .insert(indicatorDimensions)
      .values(catalog.indicators.flatMap((i) => i.dimensions.map((dimension, position) => ({ indicator: i.code, dimension, position }))));
    await tx.insert(dimensions).values([...catalog.dimensions.values()].map((d) => ({ ...d })));
    await tx
      .insert(codelists)
      .values([...catalog.codelists.values()].map((c) => ({ id: c.id, name: c.name, description: c.description ?? null })));
    await insertChunked(
      tx,
      codes,
      [...catalog.codelists.values()].flatMap((c) =>
        c.codes.map((code, position) => ({ codelist: c.id, id: code.id, name: code.name, position })),
      ),
    );
  });
}
