/**
 * Demo data for the members of the regions: PLAUSIBLE, NOT REAL. Every figure is generated from a
 * per-country profile (profiles/*.ts) with seeded noise; nothing here is a published statistic.
 */
import { listRegions, loadCatalog, loadRegion } from '@migfed/schema';
import { buildDocuments } from './documents.js';
import { buildMetadata } from './metadata.js';
import { observationsOf } from './observations.js';
import { demoCountries, profileFor } from './profiles/index.js';
import type { GenerateOptions, GeneratedCountryData } from './types.js';

export type {
  DocumentKind,
  GenerateOptions,
  GeneratedCountryData,
  GeneratedDocument,
  GeneratedMetadata,
  GeneratedObservation,
  GeneratedRelease,
} from './types.js';
export { demoCountries };

let agencies: Map<string, string> | undefined;

/** The member's agency as the region files name it. */
function agencyOf(iso3: string): string {
  agencies ??= new Map(listRegions().flatMap((id) => loadRegion(id).members.map((m): [string, string] => [m.iso3, m.agency])));
  return agencies.get(iso3) ?? 'National migration authority';
}

/**
 * Observations, metadata and documents of one member. Deterministic for a given (iso3, seed): the same
 * call gives the same data on every run. Breakdowns add up exactly to their totals.
 */
export function generateCountryData(iso3: string, options: GenerateOptions = {}): GeneratedCountryData {
  const profile = profileFor(iso3);
  const range = { fromYear: options.fromYear ?? 2015, toYear: options.toYear ?? 2024, seed: options.seed ?? 1 };
  if (!Number.isInteger(range.fromYear) || !Number.isInteger(range.toYear) || range.fromYear > range.toYear) {
    throw new Error(`Bad year range ${range.fromYear}–${range.toYear}`);
  }
  const catalog = loadCatalog();
  const observations = catalog.indicators.flatMap((def) => observationsOf(profile, def, range));
  const names = [...new Set(observations.map((o) => o.release))].sort();
  return {
    observations,
    metadata: buildMetadata(profile, catalog, agencyOf(iso3)),
    documents: buildDocuments(profile, range.seed, range.toYear),
    // '2023 annual' was published on 31 March 2024, so `asOf` shows how the series grew.
    releases: names.map((name) => ({ name, publishedAt: `${Number(name.slice(0, 4)) + 1}-03-31T09:00:00Z` })),
  };
}
