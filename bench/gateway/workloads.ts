// The gateway benchmark's workloads. Each is a list of request bodies, cycled in order by
// autocannon. The operation texts are the ones the product sends: the /reports page's report query
// and the explorer's breakdown tab, so the gateway's plan cache sees what it sees in production.
import { EXPLORER_EXAMPLE_TABS } from '@migfed/gateway';
import { codelistOf, loadCatalog, type RegionDef } from '@migfed/schema';
// Imported by path: the page's own query texts (not part of @migfed/gateway's public exports).
import { reportQuery } from '../../gateway/reports/app/queries.js';

export interface Workload {
  id: string;
  title: string;
  /** JSON request bodies for the gateways; cycled, never two alike in a row when more than one. */
  bodies: string[];
  /** The equivalent request straight to one member subgraph (`_entities`), and which member. */
  direct?: { iso3: string; bodies: string[] };
  /** Needs the provider subgraphs (skipped when they are not running). */
  needsProviders?: boolean;
}

const REPORT = reportQuery(false);
const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);
const PARTNERS = ['RUS', 'UKR', 'UZB', 'KGZ', 'TJK', 'CHN', 'TUR', 'AZE', 'ARM', 'KAZ', 'BLR', 'GEO', 'IND', 'AFG', 'SYR', '_O'];

/** A small deterministic PRNG (mulberry32): every run benchmarks the same list. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
function sample<T>(rnd: () => number, items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** The selection one member's subgraph gets for the report: what the gateway sends it as `_entities`. */
function directReport(iso3: string): string {
  return `query Direct($representations: [_Any!]!, $indicator: ID!, $from: String, $to: String, $filter: [DimensionFilter!]) {
  _entities(representations: $representations) { ... on ${iso3} {
    observations(indicator: $indicator, from: $from, to: $to, filter: $filter) { period value status confidentiality release dimensions { dimension code } }
    metadata(indicator: $indicator) { nationalDefinition differenceFromAgreed sourceType agency coverage comparability } } } }`;
}

/** As gateway/reports/app/side-by-side.ts builds it (that module is browser code, not importable here). */
function sideBySideQuery(years: readonly number[], fields: readonly string[]): string {
  const source = fields.includes('latestRelease') ? 'latestRelease { label source demo } ' : '';
  const counts = years.map((y) => `y${y}: asylumApplications(year: ${y})`).join(' ');
  return `query SideBySide($members: [ID!]) { countries(iso3: $members) { iso3 unhcr { ${source}${counts} } } }`;
}

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Varied report variables: random indicator, members, period range and (often) one breakdown. */
function variedReports(region: RegionDef, count: number): Record<string, unknown>[] {
  const catalog = loadCatalog();
  const rnd = random(7);
  const iso3s = region.members.map((m) => m.iso3);
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  while (out.length < count) {
    const indicator = pick(rnd, catalog.indicators);
    const from = pick(rnd, YEARS);
    const to = pick(
      rnd,
      YEARS.filter((y) => y >= from),
    );
    const members = rnd() < 0.2 ? null : sample(rnd, iso3s, 1 + Math.floor(rnd() * iso3s.length));
    const dimension = rnd() < 0.3 ? null : pick(rnd, indicator.dimensions);
    const codelist = dimension ? codelistOf(catalog, dimension) : undefined;
    const known = new Set(codelist?.codes.map((c) => c.id));
    const candidates = dimension && known.has('RUS') ? PARTNERS.filter((c) => known.has(c)) : (codelist?.codes.map((c) => c.id) ?? []);
    const filter = dimension ? [{ dimension, codes: sample(rnd, candidates, 2 + Math.floor(rnd() * 4)) }] : null;
    const variables = { indicator: indicator.code, members, from: String(from), to: String(to), filter };
    const key = JSON.stringify(variables);
    if (seen.has(key)) continue; // every report in the list is distinct: no cache or dedup can reuse one
    seen.add(key);
    out.push(variables);
  }
  return out;
}

/** `unhcrFields`: the supergraph's `Country.unhcr` fields when the UNHCR provider runs, else null. */
export function buildWorkloads(region: RegionDef, options: { varied: number; unhcrFields: string[] | null }): Workload[] {
  const direct = region.members.find((m) => m.iso3 === 'KAZ')?.iso3 ?? region.members[0]!.iso3;
  const representations = [{ __typename: direct, iso3: direct }];
  const repeated = { indicator: 'WORK_PERMITS_ISSUED', members: null, from: '2015', to: '2024', filter: null };
  const varied = variedReports(region, options.varied);
  const breakdown = EXPLORER_EXAMPLE_TABS[1]!;
  const breakdownVars = JSON.parse(breakdown.variables ?? '{}') as { iso3: string; year: string };
  const citizenship = ['_T', 'UZB', 'RUS', 'KGZ', 'TJK', 'CHN', '_O'];
  const workloads: Workload[] = [
    {
      id: 'a',
      title: 'the same regional report, repeated (12 members, 10 years)',
      bodies: [body(REPORT, repeated)],
      direct: { iso3: direct, bodies: [body(directReport(direct), { ...repeated, representations })] },
    },
    {
      id: 'b',
      title: `varied reports (${varied.length} distinct: indicator, members, periods, breakdown)`,
      bodies: varied.map((v) => body(REPORT, v)),
      direct: { iso3: direct, bodies: varied.map((v) => body(directReport(direct), { ...v, representations })) },
    },
    {
      id: 'c',
      title: `one member's citizenship breakdown (${breakdownVars.iso3}, explorer example)`,
      bodies: [body(breakdown.query, breakdownVars)],
      direct: {
        iso3: breakdownVars.iso3,
        bodies: [
          body(directReport(breakdownVars.iso3), {
            representations: [{ __typename: breakdownVars.iso3, iso3: breakdownVars.iso3 }],
            indicator: 'STOCK_FOREIGNERS',
            from: breakdownVars.year,
            to: breakdownVars.year,
            filter: [{ dimension: 'CITIZENSHIP', codes: citizenship }],
          }),
        ],
      },
    },
  ];
  if (options.unhcrFields?.includes('asylumApplications')) {
    workloads.push({
      id: 'd',
      title: 'asylum applications side by side with UNHCR (provider fields, @interfaceObject)',
      bodies: [body(sideBySideQuery(YEARS, options.unhcrFields), { members: null })],
      needsProviders: true,
    });
  }
  return workloads;
}
