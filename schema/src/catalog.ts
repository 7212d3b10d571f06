import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { type MirrorPair, parseMirrorPairs } from './mirrors.js';

/** SDMX frequency codes the catalog uses. */
export type Frequency = 'A' | 'Q' | 'M';

export interface IndicatorDef {
  code: string;
  name: string;
  definition: string;
  unit: string;
  frequency: Frequency;
  /** Dimension identifiers, keys of `catalog.dimensions`. */
  dimensions: string[];
  minimumSet: boolean;
  smallCountThreshold: number | null;
  /**
   * Share of the region's members (0–1) that must have a figure for a period before the sum over
   * the members is called a regional total; below it the aggregate is withheld as partial. From
   * `regional-totals.json` unless the indicator sets its own.
   */
  regionalTotalMinimumShare: number;
  /**
   * A stock (people counted on a day, e.g. residents on 31 December) rather than a flow (events in
   * the period): a stock's months or quarters are never added up into a quarter or year. False
   * unless the indicator says `"stock": true`.
   */
  stock?: boolean;
  /**
   * Pairs of dimensions whose cross-classification is published besides the total and each
   * single-dimension breakdown (what a member derives from its records publishes these).
   */
  crossClassifications?: string[][];
}

export interface Code {
  id: string;
  name: string;
}

export interface CodelistDef {
  id: string;
  name: string;
  description?: string;
  codes: Code[];
  /**
   * Sets of codes that each add up to the total `_T`, when there is more than one way to break it
   * down (AGE: broad bands or 5-year bands). Absent: every code but `_T` is one partition.
   */
  partitions?: Record<string, string[]>;
}

/** The partitions of a codelist's total (see CodelistDef.partitions). */
export function partitionsOf(codelist: CodelistDef): Record<string, string[]> {
  return codelist.partitions ?? { all: codelist.codes.map((c) => c.id).filter((id) => id !== '_T') };
}

export interface DimensionDef {
  id: string;
  name: string;
  codelist: string;
}

export interface Territory {
  iso3: string;
  m49: string;
  name: string;
}

export interface Catalog {
  indicators: IndicatorDef[];
  dimensions: Map<string, DimensionDef>;
  codelists: Map<string, CodelistDef>;
  territories: Territory[];
  /** Indicators that count the same people from both ends (`mirrors.json`). */
  mirrorPairs: MirrorPair[];
  indicator(code: string): IndicatorDef | undefined;
  territory(iso3: string): Territory | undefined;
}

/** Codes that stand for something other than a territory in the AREA codelist (SDMX conventions). */
export const AREA_SPECIAL_CODES: readonly Code[] = [
  { id: '_T', name: 'Total' },
  { id: '_O', name: 'Other' },
  { id: '_U', name: 'Unknown' },
  { id: '_Z', name: 'Not applicable' },
  // Stateless persons as travel documents (ICAO Doc 9303) and UNHCR write them: in SDMX, _Z means
  // "not applicable", which is not the same thing.
  { id: 'XXA', name: 'Stateless' },
  // Kosovo has no ISO 3166-1 code; documents use UNK or RKS, the statistical community XKX.
  { id: 'XKX', name: 'Kosovo' },
];

const catalogDir = new URL('../catalog/', import.meta.url);

function readCatalogJson<T>(dir: URL, name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

function loadTerritories(): Territory[] {
  const require = createRequire(import.meta.url);
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  return Object.keys(countries.getAlpha3Codes())
    .map((iso3) => ({
      iso3,
      m49: countries.alpha3ToNumeric(iso3) ?? '',
      name: countries.getName(iso3, 'en') ?? iso3,
    }))
    .sort((a, b) => a.iso3.localeCompare(b.iso3));
}

let cached: Catalog | undefined;

/** The agreed indicator catalog, its dimensions and codelists (AREA is every ISO 3166-1 territory). */
export function loadCatalog(): Catalog {
  cached ??= loadCatalogFrom(catalogDir);
  return cached;
}

/**
 * A catalog read from another folder of the same files (a secretariat's draft, tests); not cached.
 * `loadCatalog()` is the agreed one under schema/catalog/.
 */
export function loadCatalogFrom(dir: URL): Catalog {
  const readJson = <T>(name: string) => readCatalogJson<T>(dir, name);
  const rule = readJson<{ minimumShare: number }>('regional-totals.json');
  const indicators = readJson<(Omit<IndicatorDef, 'regionalTotalMinimumShare'> & { regionalTotalMinimumShare?: number })[]>(
    'indicators.json',
  ).map((i) => ({ ...i, regionalTotalMinimumShare: i.regionalTotalMinimumShare ?? rule.minimumShare }));
  const raw = readJson<{
    codelists: Record<string, Omit<CodelistDef, 'id'>>;
    dimensions: Record<string, Omit<DimensionDef, 'id'>>;
  }>('codelists.json');
  const territories = loadTerritories();
  const codelists = new Map<string, CodelistDef>(Object.entries(raw.codelists).map(([id, c]) => [id, { id, ...c }]));
  codelists.set('AREA', {
    id: 'AREA',
    name: 'Territories (ISO 3166-1 alpha-3)',
    description:
      'Every ISO 3166-1 territory by alpha-3 code, plus _T total, _O other, _U unknown, _Z not applicable, XXA stateless and XKX Kosovo.',
    codes: [...AREA_SPECIAL_CODES, ...territories.map((t) => ({ id: t.iso3, name: t.name }))],
  });
  const dimensions = new Map<string, DimensionDef>(Object.entries(raw.dimensions).map(([id, d]) => [id, { id, ...d }]));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const byIso3 = new Map(territories.map((t) => [t.iso3, t]));
  const indicator = (code: string) => byCode.get(code);
  return {
    indicators,
    dimensions,
    codelists,
    territories,
    mirrorPairs: parseMirrorPairs(readJson<unknown>('mirrors.json'), { indicator, dimensions, codelists }),
    indicator,
    territory: (iso3) => byIso3.get(iso3),
  };
}

/** The codelist a dimension draws its codes from. */
export function codelistOf(catalog: Catalog, dimension: string): CodelistDef | undefined {
  const dim = catalog.dimensions.get(dimension);
  return dim ? catalog.codelists.get(dim.codelist) : undefined;
}
