import type { ApolloServer } from '@apollo/server';
import { Kind, parse } from 'graphql';
import type { Publication } from './response-cache.js';

const QUERY = `query MigfedReleaseCalendar { countries { iso3 nextRelease } }`;

/** Whether the supergraph's members publish a release calendar (`Country.nextRelease`). */
export function hasReleaseCalendar(supergraphSdl: string): boolean {
  return parse(supergraphSdl).definitions.some(
    (d) => d.kind === Kind.INTERFACE_TYPE_DEFINITION && d.name.value === 'Country' && d.fields?.some((f) => f.name.value === 'nextRelease'),
  );
}

/**
 * At start the cache knows no embargo: publication notices sent before a restart are gone. Asking
 * every member for its next scheduled release bounds cached answers again, so a scheduled release
 * becomes visible on time instead of after the cache's maximum age. A member that does not answer
 * is simply not known (its notices will tell later).
 */
export async function learnScheduledReleases(
  server: ApolloServer,
  schedule: (publication: Publication) => void,
  log: Pick<Console, 'info' | 'warn'>,
): Promise<number> {
  try {
    const res = await server.executeOperation({ query: QUERY });
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    const countries = (body?.data?.countries ?? []) as { iso3: string; nextRelease: string | null }[];
    const scheduled = countries.filter((c) => c.nextRelease && Date.parse(c.nextRelease) > Date.now());
    for (const c of scheduled) schedule({ country: c.iso3, visibleFrom: c.nextRelease! });
    if (scheduled.length > 0) log.info(`gateway: scheduled releases known for ${scheduled.map((c) => c.iso3).join(', ')}`);
    return scheduled.length;
  } catch (err) {
    log.warn(`gateway: could not read the members' release calendar: ${(err as Error).message}`);
    return 0;
  }
}
