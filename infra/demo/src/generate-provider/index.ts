/**
 * Demo figures for the provider subgraphs: GENERATED, NOT UNHCR OR UN DESA DATA. The project never
 * ships the providers' files (../shared/data/ is for tests); the demo makes tables in the providers'
 * own CSV layouts from the member profiles, and imports them through the real importers, labelled
 * as demo data in every release they form.
 */
import { profileFor } from '../generate/profiles/index.js';
import type { GeneratedTable } from './table.js';
import { APPLICATIONS_HEADER, applicationRows, DECISIONS_HEADER, decisionRows, type Range } from './unhcr-applications.js';
import { DEMOGRAPHICS_HEADER, demographicRows, POPULATION_HEADER, populationRows } from './unhcr-population.js';
import { MIGRANT_STOCK_BY_ORIGIN_HEADER, MIGRANT_STOCK_HEADER, migrantStockByOriginRows, migrantStockRows } from './undesa.js';

export type { GeneratedTable } from './table.js';
export { unhcrRound } from './table.js';

/** How the demo's provider releases are labelled: every response that carries them can say so. */
export const DEMO_RELEASES = {
  unhcr: { label: 'DEMO', source: 'DEMO — generated, not UNHCR data', publishedOn: '2025-06-30' },
  undesa: { label: 'DEMO', source: 'DEMO — generated, not UN DESA data', publishedOn: '2021-01-15' },
} as const;

/** UNHCR's four tables (applications, decisions, population, demographics) for the members, 2015–2024. */
export function generateUnhcrTables(members: readonly string[], range: Partial<Range> = {}): GeneratedTable[] {
  const r: Range = { fromYear: range.fromYear ?? 2015, toYear: range.toYear ?? 2024, seed: range.seed ?? 1 };
  const profiles = members.map(profileFor);
  return [
    { name: 'asylum_applications (generated)', header: APPLICATIONS_HEADER, rows: profiles.flatMap((p) => applicationRows(p, r)) },
    { name: 'asylum_decisions (generated)', header: DECISIONS_HEADER, rows: profiles.flatMap((p) => decisionRows(p, r)) },
    { name: 'population (generated)', header: POPULATION_HEADER, rows: profiles.flatMap((p) => populationRows(p, r)) },
    { name: 'demographics (generated)', header: DEMOGRAPHICS_HEADER, rows: profiles.flatMap((p) => demographicRows(p, r)) },
  ];
}

/** UN DESA's migrant stock table 1 (long form) for the members, 1990–2020. */
export function generateUndesaTable(members: readonly string[], seed = 1): GeneratedTable {
  return {
    name: 'ims_table1_long (generated)',
    header: MIGRANT_STOCK_HEADER,
    rows: members.flatMap((iso3, i) => migrantStockRows(profileFor(iso3), seed, i + 1)),
  };
}

/** UN DESA's origin–destination table (long form) among the members, 1990–2020. */
export function generateUndesaOdTable(members: readonly string[], seed = 1): GeneratedTable {
  return {
    name: 'ims_destination_and_origin_long (generated)',
    header: MIGRANT_STOCK_BY_ORIGIN_HEADER,
    rows: members.flatMap((iso3) => migrantStockByOriginRows(profileFor(iso3), seed, members)),
  };
}
