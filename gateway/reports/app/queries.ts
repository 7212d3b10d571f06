// The operations the report builder sends. Values travel as variables, so the gateway plans each
// operation once and serves every later report from its plan cache.

/** Registry only (one subgraph fetch): the form can be shown before any member has answered. */
export const START_QUERY = `query ReportsStart($lang: Lang) {
  region { id name(lang: $lang) secretariat }
  countries { iso3 name(lang: $lang) }
  indicators {
    code name(lang: $lang) definition(lang: $lang) translationReviewed(lang: $lang)
    unit frequency regionalTotalMinimumShare stock dimensions { id name(lang: $lang) }
  }
  countryType: __type(name: "Country") { fields { name args { name } type { name fields { name } } } }
}`;

/** What every member has published: the overview matrix. */
export const OVERVIEW_QUERY = `query ReportsOverview($lang: Lang) {
  countries {
    iso3
    name(lang: $lang)
    coverage { indicator firstPeriod lastPeriod periods lastRelease lastPublishedAt }
    nextRelease
  }
}`;

/** The codes a breakdown may show (CITIZENSHIP has every territory: asked for only when needed). */
export const CODES_QUERY = `query ReportCodes($indicator: ID!, $lang: Lang) {
  indicator(code: $indicator) { dimensions { id codelist { codes { id name(lang: $lang) } } } }
}`;

/** Which periods have figures: every member's totals, periods only (a dimension not named is its total). */
export const PERIODS_QUERY = `query ReportPeriods($indicator: ID!) {
  countries { iso3 observations(indicator: $indicator) { period } }
}`;

/**
 * The report itself: one registry fetch, then one parallel fetch per member asked for. With `asOf`
 * (when the graph has it) the figures are those published at that instant: a cited vintage.
 */
export function reportQuery(asOf: boolean): string {
  const [variable, argument] = asOf ? [', $asOf: DateTime', ', asOf: $asOf'] : ['', ''];
  return `query Report($indicator: ID!, $members: [ID!], $from: String, $to: String, $filter: [DimensionFilter!]${variable}, $lang: Lang) {
  countries(iso3: $members) {
    iso3
    name(lang: $lang)
    observations(indicator: $indicator, from: $from, to: $to, filter: $filter${argument}) {
      period
      value
      status
      confidentiality
      release
      revised
      previousValue
      dimensions { dimension code }
    }
    metadata(indicator: $indicator) {
      nationalDefinition
      differenceFromAgreed
      sourceType
      agency
      coverage
      comparability
    }
  }
}`;
}
