import type { RegionDef } from '@migfed/schema';
import { hasObservations, seedCountry } from '@migfed/subgraph-country';
import type { Db } from '@migfed/subgraph-kit';
import { generateCountryData } from './generate/index.js';

/**
 * Fills every member that has no figures yet with generated demo data (plausible, not real), so a
 * restart keeps what is there and a new member in the region file gets its data on the next start.
 */
export async function seedDemo(db: Db, region: RegionDef, log: (line: string) => void = () => {}): Promise<void> {
  for (const [index, member] of region.members.entries()) {
    if (await hasObservations(db, member.iso3)) continue;
    const started = performance.now();
    const data = generateCountryData(member.iso3);
    // The first versions of revised figures come first: a release's cells are its own, whatever the order.
    await seedCountry(db, member.iso3, { ...data, observations: [...data.revised, ...data.observations] });
    const ms = Math.round(performance.now() - started);
    log(`  [${index + 1}/${region.members.length}] ${member.iso3}: ${data.observations.length} generated observations loaded in ${ms} ms`);
  }
}
