/**
 * Demo data for the members of the regions: PLAUSIBLE, NOT REAL. Every figure is generated from a
 * per-country profile (profiles/*.ts) with seeded noise; nothing here is a published statistic.
 */
import { listRegions, loadCatalog, loadRegion } from '@migfed/schema';
import { buildDocuments } from './documents.js';
import { buildMetadata } from './metadata.js';
import { observationsOf } from './observations.js';
import { demoCountries, profileFor } from './profiles/index.js';
import type { GenerateOptions, GeneratedCountryData, GeneratedObservation } from './types.js';

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
  const revised = firstVersions(profile, observations, range);
  const names = [...new Set(observations.map((o) => o.release))].sort();
  return {
    observations,
    revised,
    metadata: buildMetadata(profile, catalog, agencyOf(iso3)),
    documents: buildDocuments(profile, range.seed, range.toYear),
    // '2023 annual' was published on 31 March 2024, so `asOf` shows how the series grew; a revision
    // ('2023 annual, revised') on 30 September, so it also shows a figure that changed.
    releases: names.map((name) => ({
      name,
      publishedAt: `${Number(name.slice(0, 4)) + 1}-${name.endsWith(REVISED) ? '09-30' : '03-31'}T09:00:00Z`,
    })),
  };
}

/** The demo's revision: this indicator, for the year before the last one. */
const REVISED_INDICATOR = 'WORK_PERMITS_ISSUED';
const REVISED = ', revised';

/**
 * The first, provisional version of the revised table: the same cells drawn with other noise (so
 * it adds up like every generated table), in the year's annual release. The current figures of
 * that table move to the revision release, which carries the whole table.
 */
function firstVersions(profile: ReturnType<typeof profileFor>, observations: GeneratedObservation[], range: Required<GenerateOptions>) {
  const year = range.toYear - 1;
  const def = loadCatalog().indicator(REVISED_INDICATOR);
  if (!def || year < range.fromYear) return [];
  const table = observations.filter((o) => o.indicator === def.code && o.period === String(year));
  if (table.length === 0) return [];
  for (const o of table) o.release = `${year} annual${REVISED}`;
  return observationsOf(profile, def, { fromYear: year, toYear: year, seed: range.seed + 1 }).map((o) => ({ ...o, status: 'P' }));
}
