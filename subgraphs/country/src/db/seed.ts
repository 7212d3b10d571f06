import { loadCatalog, parsePeriod } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { protectTable, shapeOf } from '../disclosure/index.js';
import { seriesKey } from './cells.js';
import { insertDocuments, insertObservations, type NewObservation, upsertMetadata } from './queries.js';
import { releases as releasesTable } from './schema.js';

/** Figures, metadata and documents for one member, in the shape the demo generator produces. */
export interface SeedData {
  observations: readonly {
    indicator: string;
    period: string;
    dimensions: Record<string, string>;
    value: number | null;
    status: string;
    confidentiality: string;
    release: string | null;
  }[];
  metadata: readonly {
    indicator: string;
    nationalDefinition: string | null;
    differenceFromAgreed: string | null;
    sourceType: string | null;
    agency: string | null;
    coverage: string | null;
    comparability: string | null;
  }[];
  documents: readonly {
    id: string;
    title: string;
    kind: string;
    language: string;
    adopted: string | null;
    url: string | null;
    summary: string | null;
  }[];
  /** When each release was published; releases not listed count as published now. */
  releases?: readonly { name: string; publishedAt: string }[];
}

/**
 * The CONF_STATUS each seeded figure is published with: the disclosure rule, applied to every table
 * (release, indicator, period) exactly as an import applies it to a draft.
 */
function disclosed(observations: SeedData['observations']): string[] {
  const catalog = loadCatalog();
  const confs = observations.map((o) => o.confidentiality);
  const tables = new Map<string, number[]>();
  observations.forEach((o, i) => {
    const table = `${o.release ?? ''}\u001f${o.indicator}\u001f${o.period}`;
    const rows = tables.get(table);
    if (rows) rows.push(i);
    else tables.set(table, [i]);
  });
  for (const rows of tables.values()) {
    const def = catalog.indicator(observations[rows[0]!]!.indicator);
    if (!def) continue;
    const dims = [...def.dimensions].sort();
    const keyOf = (i: number) => dims.map((d) => observations[i]!.dimensions[d] ?? '_T').join(';');
    const byKey = new Map(rows.map((i) => [keyOf(i), i]));
    const cells = rows.map((i) => ({ key: keyOf(i), value: observations[i]!.value, conf: confs[i]! }));
    for (const [key, conf] of protectTable(shapeOf(catalog, def), cells)) confs[byKey.get(key)!] = conf;
  }
  return confs;
}

/**
 * Loads a member's figures as already-published releases (no validation: that is the publishing
 * workflow's job; this is for the demo and for tests that need data in place). The disclosure rule
 * applies here as on every other write path: a seeded small count is withheld like an imported one.
 */
export async function seedCountry(db: Db, country: string, data: SeedData): Promise<void> {
  const publishedAt = new Map((data.releases ?? []).map((r) => [r.name, new Date(r.publishedAt)]));
  const now = new Date();
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const names = [...new Set(data.observations.map((o) => o.release ?? 'initial load'))];
    const releaseIds = new Map<string, { id: number; at: Date }>();
    for (const name of names) {
      const at = publishedAt.get(name) ?? now;
      const [row] = await tx
        .insert(releasesTable)
        .values({ country, name, status: 'published', publishedAt: at, visibleFrom: at })
        .returning({ id: releasesTable.id });
      releaseIds.set(name, { id: row!.id, at });
    }
    const confs = disclosed(data.observations);
    const rows: NewObservation[] = data.observations.map((o, i) => {
      const period = parsePeriod(o.period);
      if (!period) throw new Error(`seed ${country}: bad period "${o.period}"`);
      const release = releaseIds.get(o.release ?? 'initial load')!;
      return {
        country,
        releaseId: release.id,
        indicator: o.indicator,
        period: o.period,
        seriesKey: seriesKey(o.dimensions),
        value: o.value,
        obsStatus: o.status,
        confStatus: confs[i]!,
      };
    });
    await insertObservations(tx, rows);
    await upsertMetadata(
      tx,
      data.metadata.map((m) => ({ ...m, country })),
    );
    await insertDocuments(
      tx,
      data.documents.map((d) => ({ ...d, country })),
    );
  });
}
