import type { Catalog } from '@migfed/schema';
import type { Profile, SourceType } from './profile.js';
import type { GeneratedMetadata } from './types.js';

/** What each indicator's figures cover besides the territory (appended to the member's coverage). */
const SCOPE: Record<string, string> = {
  STOCK_FOREIGNERS: 'Valid permits on 31 December.',
  RESIDENCE_PERMITS_ISSUED: 'First permits issued during the calendar year.',
  WORK_PERMITS_ISSUED: 'Permits issued during the calendar year.',
  BORDER_CROSSINGS: 'All official border crossing points, by month.',
  ASYLUM_APPLICATIONS: 'Applications lodged during the calendar year.',
  REFUGEE_STATUS_DECISIONS: 'First-instance decisions only.',
  FOREIGN_BORN_POPULATION: 'Usual residents at the census reference date.',
  RETURNS: 'Departures recorded by the border or migration authority.',
  CITIZENS_ABROAD: 'Registrations at consulates abroad valid on 31 December.',
};

export function sourceTypeOf(profile: Profile, indicator: string): SourceType {
  return profile.sources?.[indicator] ?? (indicator === 'FOREIGN_BORN_POPULATION' ? 'CENSUS' : 'ADMINISTRATIVE_RECORDS');
}

/** One metadata record per catalog indicator: mostly the agreed definition, with the member's deviations. */
export function buildMetadata(profile: Profile, catalog: Catalog, agency: string): GeneratedMetadata[] {
  const territory = profile.coverage ?? 'Whole territory of the country.';
  return catalog.indicators.map((indicator) => {
    const difference = profile.differences?.[indicator.code] ?? null;
    const breakNote =
      profile.breakIn.indicator === indicator.code ? `Break in series in ${profile.breakIn.period}: ${profile.breakIn.note}` : null;
    const notes = [profile.comparability?.[indicator.code], breakNote].filter((n): n is string => Boolean(n));
    return {
      country: profile.iso3,
      indicator: indicator.code,
      nationalDefinition: difference ? `${indicator.definition} National practice: ${difference}` : indicator.definition,
      differenceFromAgreed: difference,
      sourceType: sourceTypeOf(profile, indicator.code),
      agency,
      coverage: [territory, SCOPE[indicator.code]].filter(Boolean).join(' '),
      comparability: notes.length > 0 ? notes.join(' ') : null,
    };
  });
}
