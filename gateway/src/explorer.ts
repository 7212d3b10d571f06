import express, { type Express } from 'express';
import { Kind, parse, print } from 'graphql';
import { servePrecompressed } from './compress.js';
import { buildExplorer, defaultExplorerDir } from './explorer-build.js';
import { exampleLang, localizeTabs } from './explorer-i18n.js';

/** One tab GraphiQL opens with (when the researcher has no saved tabs of their own). */
export interface ExplorerTab {
  query: string;
  variables?: string;
}

export interface ExplorerOptions {
  /** Example operations the explorer opens with; default: exampleTabs(supergraphSdl). */
  defaultTabs?: ExplorerTab[];
  /** Where the built explorer is (and is built when missing or stale); default gateway/dist/explorer. */
  dir?: string;
  /** The served supergraph: decides which example tabs the graph can answer (see exampleTabs). */
  supergraphSdl?: string;
}

// The researcher's main jobs, one tab each. Literals rather than variables so that each tab reads as
// a complete example; the report builder (/reports) sends the same shapes with variables.
export const EXPLORER_EXAMPLE_TABS: ExplorerTab[] = [
  {
    query: `# A regional table: work permits issued by every member, 2019-2023, with SDMX flags
# (status P provisional, E estimated, B break; a member that is down costs only its own row)
query RegionalTable {
  countries {
    iso3
    name
    observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") {
      period
      value
      status
      confidentiality
    }
  }
}
`,
  },
  {
    query: `# One member's breakdown by citizenship: foreigners living in Kazakhstan at the end of 2024.
# A dimension not named in the filter is its total (_T); _O is "other".
query Breakdown($iso3: ID!, $year: String) {
  country(iso3: $iso3) {
    name
    observations(indicator: "STOCK_FOREIGNERS", from: $year, to: $year,
      filter: [{ dimension: "CITIZENSHIP", codes: ["_T", "UZB", "RUS", "KGZ", "TJK", "CHN", "_O"] }]) {
      value
      status
      dimensions { dimension code territory { name } }
    }
  }
}
`,
    variables: '{ "iso3": "KAZ", "year": "2024" }',
  },
  {
    query: `# Metadata and documents: how Russia defines work permits (where it differs from the agreed
# definition), and the laws and policies it has shared
query Definitions {
  indicator(code: "WORK_PERMITS_ISSUED") { name definition unit }
  country(iso3: "RUS") {
    name
    metadata(indicator: "WORK_PERMITS_ISSUED") {
      nationalDefinition
      differenceFromAgreed
      sourceType
      agency
      comparability
    }
    documents { title kind language adopted url }
  }
}
`,
  },
  {
    query: `# Who has published what: per member and indicator, the periods covered and the last release
query Coverage {
  countries {
    iso3
    coverage { indicator firstPeriod lastPeriod periods lastRelease lastPublishedAt }
  }
}
`,
  },
  {
    query: `# The agreed catalog: indicators, their definitions, units and the dimensions they break down by
query Catalog {
  indicators {
    code name definition unit frequency minimumSet
    dimensions { id name codelist { id codes { id name } } }
  }
}
`,
  },
];

/**
 * A revision: the figures as they were published at a date, next to today's. Only offered when the
 * graph has `observations(asOf: …)` (the publishing work); until then it would not validate.
 */
export const AS_OF_EXAMPLE_TAB: ExplorerTab = {
  query: `# A revision: Moldova's work permits as published on 30 June 2024, next to today's figures.
# asOf returns what readers saw at that moment: 2023 was then provisional (revised in September
# 2024), and 2024 not yet published; today's 2023 carries the revision mark and the earlier value.
query Revision($asOf: DateTime) {
  country(iso3: "MDA") {
    name
    asPublished: observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2024", asOf: $asOf) {
      period value status release
    }
    today: observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2024") {
      period value status release revised previousValue
    }
  }
}
`,
  variables: '{ "asOf": "2024-06-30T00:00:00Z" }',
};

/** National figures next to UNHCR's: offered when a UNHCR provider is part of the graph. */
export const PROVIDER_EXAMPLE_TAB: ExplorerTab = {
  query: `# What the ministry says and what UNHCR publishes: asylum applications in 2023, side by side,
# with the difference and which source is newer (UNHCR rounds small counts; see the field docs)
query SideBySide {
  countries {
    iso3
    name
    asylumApplicationsComparison(year: 2023) { national unhcr difference relativeDifference newer }
    unhcr { source }
  }
}
`,
};

/** The origin–destination matrix of a mirror pair: offered when the graph has `bilateralMatrix`. */
export const MATRIX_EXAMPLE_TAB: ExplorerTab = {
  query: `# A mirror comparison: what each member says left for each partner in 2023, next to what the
# partner says arrived (long-term migration), with the gap, both sides' flags and definition notes.
# A member that is down keeps its row and column, marked UNAVAILABLE with the reason.
query Matrix {
  bilateralMatrix(pair: "LONG_TERM_MIGRATION", period: "2023", members: ["KAZ", "KGZ", "RUS", "TJK", "UZB"]) {
    members { iso3 status reason }
    cells {
      origin destination
      originReports { value flags completeness }
      destinationReports { value flags completeness }
      difference ratio notes
    }
  }
}
`,
};

/** A member's figures by partner, one series a partner: offered when the graph has `Country.breakdown`. */
export const PARTNER_SERIES_EXAMPLE_TAB: ExplorerTab = {
  query: `# Ten years by partner in one go: long-term immigration into Kazakhstan by previous residence,
# summed into years by the member, one entry per partner with its periods and values as lists
# (the same figures as observations; each other dimension is its total).
query PartnerSeries {
  country(iso3: "KAZ") {
    name
    breakdown(indicator: "LONG_TERM_IMMIGRATION", by: "PREVIOUS_RESIDENCE", from: "2015", to: "2024", frequency: A,
      filter: [{ dimension: "PREVIOUS_RESIDENCE", codes: ["KGZ", "RUS", "TJK", "UZB"] }]) {
      code periods values statuses parts
    }
  }
}
`,
};

function hasQueryField(supergraphSdl: string, name: string): boolean {
  return parse(supergraphSdl).definitions.some(
    (def) => def.kind === Kind.OBJECT_TYPE_DEFINITION && def.name.value === 'Query' && def.fields?.some((f) => f.name.value === name),
  );
}

function countryField(supergraphSdl: string, name: string) {
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.INTERFACE_TYPE_DEFINITION || def.name.value !== 'Country') continue;
    return def.fields?.find((f) => f.name.value === name);
  }
  return undefined;
}

/** Whether the supergraph's `Country.observations` takes `asOf` (and which type it has). */
export function asOfArgumentType(supergraphSdl: string): string | null {
  const arg = countryField(supergraphSdl, 'observations')?.arguments?.find((a) => a.name.value === 'asOf');
  return arg ? print(arg.type).replace(/!$/, '') : null;
}

/** The example tabs for this supergraph: the revision, provider, partner-series and matrix tabs join when the graph can answer them. */
export function exampleTabs(supergraphSdl?: string): ExplorerTab[] {
  if (!supergraphSdl) return EXPLORER_EXAMPLE_TABS;
  const tabs = [...EXPLORER_EXAMPLE_TABS];
  const asOfType = asOfArgumentType(supergraphSdl);
  if (asOfType) tabs.push({ ...AS_OF_EXAMPLE_TAB, query: AS_OF_EXAMPLE_TAB.query.replace('$asOf: DateTime', `$asOf: ${asOfType}`) });
  if (countryField(supergraphSdl, 'asylumApplicationsComparison')) tabs.push(PROVIDER_EXAMPLE_TAB);
  if (countryField(supergraphSdl, 'breakdown')) tabs.push(PARTNER_SERIES_EXAMPLE_TAB);
  if (hasQueryField(supergraphSdl, 'bilateralMatrix')) tabs.push(MATRIX_EXAMPLE_TAB);
  return tabs;
}

type Log = Pick<Console, 'info' | 'warn'>;

// The same rules as /reports (everything from the gateway itself, no framing by other sites), plus
// what GraphiQL needs: Monaco injects its styles inline and runs its three workers from our files.
const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the offline GraphiQL at /explorer/ (built first when missing or older than its sources),
 * and /explorer/config.json with the GraphQL URL and the default tabs. When the build is impossible
 * (no devDependencies in a production install), /explorer answers 503 saying how to build it.
 */
export async function mountExplorer(app: Express, options: ExplorerOptions, log: Log): Promise<void> {
  const dir = options.dir ?? defaultExplorerDir;
  const config = { graphqlUrl: '/graphql', defaultTabs: options.defaultTabs ?? exampleTabs(options.supergraphSdl) };
  let available = true;
  try {
    const { built, ms } = await buildExplorer({ outDir: dir });
    if (built) log.info(`gateway: explorer built in ${dir} (${(ms / 1000).toFixed(1)} s)`);
  } catch (err) {
    available = false;
    log.warn(`gateway: the explorer could not be built, /explorer is unavailable: ${(err as Error).message}`);
  }
  // Relative asset URLs in index.html need the trailing slash.
  app.get('/explorer', (req, res, next) => (req.path === '/explorer' ? res.redirect(301, '/explorer/') : next()));
  app.use('/explorer', (_req, res, next) => {
    res.set('content-security-policy', EXPLORER_CONTENT_SECURITY_POLICY);
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  // The example tabs' comments in the visitor's language (from the browser's Accept-Language).
  app.get('/explorer/config.json', (req, res) => {
    const lang = exampleLang(req.acceptsLanguages('en', 'ru', 'es'));
    res.set('cache-control', 'no-store').vary('Accept-Language');
    res.json({ ...config, defaultTabs: localizeTabs(config.defaultTabs, lang) });
  });
  if (available) {
    app.use('/explorer', servePrecompressed(dir), express.static(dir, { index: 'index.html', fallthrough: true }));
  } else {
    app.use('/explorer', (_req, res) => {
      res.status(503).type('text/plain').send('The explorer is not built: run `pnpm --filter @migfed/gateway build:explorer`.\n');
    });
  }
}
