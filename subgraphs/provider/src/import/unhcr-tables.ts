import { originOf } from '../origin.js';
import type { RowReader } from './row-reader.js';

export type UnhcrTable = 'applications' | 'decisions' | 'population' | 'demographics';

/** Where a table's rows go: the SQL table and its columns after `release`, in the order `read` returns. */
export const UNHCR_SQL: Record<UnhcrTable, { name: string; columns: readonly string[] }> = {
  applications: {
    name: 'provider.unhcr_applications',
    columns: [
      'year',
      'coa',
      'origin',
      'origin_published',
      'origin_name',
      'procedure_type',
      'application_type',
      'decision_level',
      'basis',
      'applied',
    ],
  },
  decisions: {
    name: 'provider.unhcr_decisions',
    columns: [
      'year',
      'coa',
      'origin',
      'origin_published',
      'origin_name',
      'procedure_type',
      'decision_level',
      'basis',
      'recognized',
      'complementary',
      'rejected',
      'otherwise_closed',
      'total',
    ],
  },
  population: {
    name: 'provider.unhcr_population',
    columns: [
      'year',
      'coa',
      'origin',
      'origin_published',
      'origin_name',
      'refugees',
      'asylum_seekers',
      'returned_refugees',
      'idps',
      'returned_idps',
      'stateless',
      'ooc',
      'oip',
      'hst',
    ],
  },
  demographics: {
    name: 'provider.unhcr_demographics',
    columns: [
      'year',
      'coa',
      'origin',
      'origin_published',
      'origin_name',
      'population_type',
      'location',
      'location_type',
      'accommodation_type',
      ...ageColumns(),
      'total',
    ],
  },
};

/** f_0_4 … f_total, m_0_4 … m_total: UNHCR's sex × age band columns (`other` = age unknown). */
function ageColumns(): string[] {
  return ['f', 'm'].flatMap((sex) => ['0_4', '5_11', '12_17', '18_59', '60', 'other', 'total'].map((band) => `${sex}_${band}`));
}

export interface TableLayout {
  table: UnhcrTable;
  /** `api`: UNHCR population API / `refugees` R package columns; `download`: Refugee Data Finder CSV download. */
  layout: 'api' | 'download';
  /** Header columns that identify the layout; every one must be present. */
  required: readonly string[];
  /** The row's values for UNHCR_SQL[table].columns; problems are recorded on the reader. */
  read(r: RowReader, isTerritory: (iso3: string) => boolean): unknown[];
}

const API_KEYS = ['year', 'coo_name', 'coo_iso', 'coa_iso'];
const DOWNLOAD_KEYS = ['Year', 'Country of origin', 'Country of origin (ISO)', 'Country of asylum (ISO)'];

function apiKeys(r: RowReader, isTerritory: (iso3: string) => boolean): unknown[] {
  const year = r.year('year');
  const coa = r.iso3('coa_iso');
  const o = originOf(r.text('coo_iso'), r.text('coo_name'), isTerritory);
  return [year, coa, o.code, o.published, o.name];
}

function downloadKeys(r: RowReader, isTerritory: (iso3: string) => boolean): unknown[] {
  const year = r.year('Year');
  const coa = r.iso3('Country of asylum (ISO)');
  const o = originOf(r.text('Country of origin (ISO)'), r.text('Country of origin'), isTerritory);
  return [year, coa, o.code, o.published, o.name];
}

const DECISION_KINDS_API = ['dec_recognized', 'dec_other', 'dec_rejected', 'dec_closed', 'dec_total'];
const DECISION_KINDS_DOWNLOAD = [
  'Recognized decisions',
  'Complementary protection',
  'Rejected decisions',
  'Otherwise closed',
  'Total decisions',
];
const POPULATION = ['refugees', 'asylum_seekers', 'returned_refugees', 'idps', 'returned_idps', 'stateless', 'ooc'];

/** Every layout the importer knows, tried in this order against a file's header. */
export const UNHCR_LAYOUTS: readonly TableLayout[] = [
  {
    table: 'applications',
    layout: 'api',
    required: [...API_KEYS, 'procedure_type', 'app_type', 'dec_level', 'app_pc', 'applied'],
    read: (r, t) => [
      ...apiKeys(r, t),
      r.optionalText('procedure_type'),
      r.optionalText('app_type'),
      r.optionalText('dec_level'),
      r.oneOf('app_pc', ['P', 'C']),
      r.count('applied'),
    ],
  },
  {
    table: 'decisions',
    layout: 'api',
    required: [...API_KEYS, 'procedure_type', 'dec_level', 'dec_pc', ...DECISION_KINDS_API],
    read: (r, t) => [
      ...apiKeys(r, t),
      r.optionalText('procedure_type'),
      r.optionalText('dec_level'),
      r.oneOf('dec_pc', ['P', 'C']),
      ...DECISION_KINDS_API.map((c) => r.count(c)),
    ],
  },
  {
    table: 'population',
    layout: 'api',
    required: [...API_KEYS, ...POPULATION, 'hst'],
    // `oip` (other people in need of international protection) is empty before UNHCR introduced it.
    read: (r, t) => [...apiKeys(r, t), ...POPULATION.map((c) => r.count(c)), r.optionalCount('oip'), r.count('hst')],
  },
  {
    table: 'demographics',
    layout: 'api',
    required: [...API_KEYS, 'pop_type', ...ageColumns(), 'total'],
    read: (r, t) => [
      ...apiKeys(r, t),
      r.requiredText('pop_type'),
      r.optionalText('location'),
      r.optionalText('loc_type'),
      r.optionalText('acc_type'),
      ...ageColumns().map((c) => r.count(c)),
      r.count('total'),
    ],
  },
  {
    table: 'applications',
    layout: 'download',
    required: [...DOWNLOAD_KEYS, 'applied'],
    read: (r, t) => [...downloadKeys(r, t), null, null, null, null, r.count('applied')],
  },
  {
    table: 'decisions',
    layout: 'download',
    required: [...DOWNLOAD_KEYS, ...DECISION_KINDS_DOWNLOAD],
    read: (r, t) => [...downloadKeys(r, t), null, null, null, ...DECISION_KINDS_DOWNLOAD.map((c) => r.count(c))],
  },
];

/** The layout a header belongs to, or undefined (e.g. `countries.csv`, which is not a statistics table). */
export function detectLayout(header: readonly string[]): TableLayout | undefined {
  const columns = new Set(header);
  return UNHCR_LAYOUTS.find((l) => l.required.every((c) => columns.has(c)));
}

/** For a header that is almost a known layout: the columns it lacks (the closest layout's). */
export function missingColumns(header: readonly string[]): { layout: TableLayout; missing: string[] } | undefined {
  const columns = new Set(header);
  const scored = UNHCR_LAYOUTS.map((layout) => ({ layout, missing: layout.required.filter((c) => !columns.has(c)) }))
    .filter((s) => s.missing.length < s.layout.required.length / 2)
    .sort((a, b) => a.missing.length - b.missing.length);
  return scored[0];
}
