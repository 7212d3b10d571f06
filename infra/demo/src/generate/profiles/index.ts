import type { Profile } from '../profile.js';
import { KAZ, KGZ, RUS, TJK, TKM, UZB } from './dsm-east.js';
import { ARM, AZE, BLR, GEO, MDA, UKR } from './dsm-west.js';
import { BLZ, CRI, GTM, HND, MEX, NIC, PAN, SLV } from './siemmes.js';

const PROFILES: ReadonlyMap<string, Profile> = new Map(
  [ARM, AZE, BLR, GEO, KAZ, KGZ, MDA, RUS, TJK, TKM, UKR, UZB, BLZ, CRI, SLV, GTM, HND, MEX, NIC, PAN].map((p) => [p.iso3, p]),
);

/** The profiles of one region's members. */
export function regionProfiles(region: Profile['region']): Profile[] {
  return [...PROFILES.values()].filter((p) => p.region === region);
}

/** ISO3 codes of the members the demo can generate data for. */
export function demoCountries(): string[] {
  return [...PROFILES.keys()].sort();
}

export function profileFor(iso3: string): Profile {
  const profile = PROFILES.get(iso3);
  if (!profile) throw new Error(`No demo profile for "${iso3}"; known: ${demoCountries().join(', ')}`);
  return profile;
}
