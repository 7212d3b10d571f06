import { Readable } from 'node:stream';
import { loadCatalog, type RegionDef } from '@migfed/schema';
import { deriveRelease, importRecords, publishRelease } from '@migfed/subgraph-country/operator';
import type { DbHandle } from '@migfed/subgraph-kit';
import { profileFor } from './generate/profiles/index.js';
import { demoCrossings } from './generate/records.js';

/** What the demo's derivation publishes, and when its records count as extracted. */
export const DEMO_RECORDS_RELEASE = 'border records 2020-2024';
/** The first month derived from records; earlier months keep the generated figures. */
export const DEMO_RECORDS_FROM = '2020-01';
const EXTRACTED_AT = new Date('2025-03-31T09:00:00Z');

/**
 * A member's border-crossing records and what a focal point makes of them: the generated records
 * imported into its records store, derived into a draft release (BORDER_CROSSINGS and long-term
 * migration, through the ordinary import) and published. Nothing happens for a member that has records.
 */
export async function seedMemberRecords(handle: DbHandle, iso3: string, region: RegionDef): Promise<string | undefined> {
  const [has] = await handle.transaction((s) =>
    s.query<{ n: number }>(`select count(*)::int as n from records.crossings where country = $1`, [iso3]),
  );
  if ((has?.n ?? 0) > 0) return undefined;
  const catalog = loadCatalog();
  const actor = { tokenId: null, name: 'demo generator' };
  const file = demoCrossings(
    iso3,
    region.members.map((m) => m.iso3),
  );
  const imported = await importRecords(handle, catalog, Readable.from([file]), {
    country: iso3,
    kind: 'crossings',
    dryRun: false,
    actor,
    key: undefined,
  });
  if (!imported.ok)
    throw new Error(`demo records of ${iso3} were refused: ${imported.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  const derived = await deriveRelease(handle, catalog, {
    country: iso3,
    release: DEMO_RECORDS_RELEASE,
    from: DEMO_RECORDS_FROM,
    to: '2024-12',
    extractedAt: EXTRACTED_AT,
    actor,
  });
  if (!derived.ok) throw new Error(`deriving the demo records of ${iso3} failed: ${derived.error}`);
  await handle.transaction(async (s) => {
    await publishRelease(s, iso3, DEMO_RECORDS_RELEASE);
    // The derivation writes its rule as the national definition; where the member's records cover
    // less than the agreed definition asks (a border without control), its focal point says so.
    for (const indicator of Object.keys(derived.cells)) {
      const difference = profileFor(iso3).differences?.[indicator];
      if (!difference) continue;
      await s.query(
        `update country.national_metadata set difference_from_agreed = $3, national_definition = national_definition || ' National practice: ' || $3
          where country = $1 and indicator = $2`,
        [iso3, indicator, difference],
      );
    }
  });
  return `${imported.added} crossing records → ${Object.values(derived.cells).reduce((a, b) => a + b, 0)} derived cells, published`;
}
