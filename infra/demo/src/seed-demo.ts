import type { RegionDef } from '@migfed/schema';
import { hasObservations, seedCountry } from '@migfed/subgraph-country';
import type { Db, DbHandle } from '@migfed/subgraph-kit';
import { generateCountryData } from './generate/index.js';
import { DEMO_RECORDS_FROM, seedMemberRecords } from './seed-records.js';

/** Indicators the demo derives from generated records (from DEMO_RECORDS_FROM on) when `records` is given. */
const FROM_RECORDS = new Set(['BORDER_CROSSINGS']);

/**
 * Fills every member that has no figures yet with generated demo data (plausible, not real), so a
 * restart keeps what is there and a new member in the region file gets its data on the next start.
 * With `records` (the database handle), each member also gets generated border-crossing records,
 * and its BORDER_CROSSINGS (from 2020) and long-term migration are derived from them and published.
 */
export async function seedDemo(
  db: Db,
  region: RegionDef,
  log: (line: string) => void = () => {},
  options: { records?: DbHandle } = {},
): Promise<void> {
  for (const [index, member] of region.members.entries()) {
    if (await hasObservations(db, member.iso3)) continue;
    const started = performance.now();
    const generated = generateCountryData(member.iso3);
    const fromGenerator = options.records
      ? generated.observations.filter((o) => !FROM_RECORDS.has(o.indicator) || o.period < DEMO_RECORDS_FROM)
      : generated.observations;
    // The first versions of revised figures come first: a release's cells are its own, whatever the order.
    await seedCountry(db, member.iso3, { ...generated, observations: [...generated.revised, ...fromGenerator] });
    const records = options.records ? await seedMemberRecords(options.records, member.iso3, region) : undefined;
    const ms = Math.round(performance.now() - started);
    log(
      `  [${index + 1}/${region.members.length}] ${member.iso3}: ${generated.revised.length + fromGenerator.length} generated observations${records ? `, ${records}` : ''} in ${ms} ms`,
    );
  }
}
