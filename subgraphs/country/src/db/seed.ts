import { parsePeriod } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { insertDocuments, insertObservations, type NewObservation, seriesKey, upsertMetadata } from './queries.js';

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
}

/** Loads a member's data as given (no validation: that is the publishing workflow's job). */
export async function seedCountry(db: Db, country: string, data: SeedData): Promise<void> {
  const rows: NewObservation[] = data.observations.map((o) => {
    const period = parsePeriod(o.period);
    if (!period) throw new Error(`seed ${country}: bad period "${o.period}"`);
    return {
      country,
      indicator: o.indicator,
      period: o.period,
      periodStart: period.start,
      periodEnd: period.end,
      dims: o.dimensions,
      seriesKey: seriesKey(o.dimensions),
      value: o.value,
      obsStatus: o.status,
      confStatus: o.confidentiality,
      release: o.release,
    };
  });
  await db.transaction(async (tx) => {
    await insertObservations(tx as unknown as Db, rows);
    await upsertMetadata(tx as unknown as Db, data.metadata.map((m) => ({ ...m, country })));
    await insertDocuments(tx as unknown as Db, data.documents.map((d) => ({ ...d, country })));
  });
}
