import { apportion, parseShares } from '../generate/apportion.js';
import { DEFAULT_DECISIONS, type Profile } from '../generate/profile.js';
import { rngFor } from '../generate/random.js';
import { territoryName, unhcrRound } from './table.js';
import { applicationsByOrigin, type Range } from './unhcr-applications.js';

export const POPULATION_HEADER = [
  'year',
  'coo_name',
  'coo',
  'coo_iso',
  'coa_name',
  'coa',
  'coa_iso',
  'refugees',
  'asylum_seekers',
  'returned_refugees',
  'idps',
  'returned_idps',
  'stateless',
  'ooc',
  'oip',
  'hst',
];
const BANDS = ['0_4', '5_11', '12_17', '18_59', '60', 'other', 'total'];
export const DEMOGRAPHICS_HEADER = [
  'year',
  'coo_name',
  'coo',
  'coo_iso',
  'coa_name',
  'coa',
  'coa_iso',
  'pop_type',
  'location',
  'loc_type',
  'acc_type',
  ...BANDS.map((b) => `f_${b}`),
  ...BANDS.map((b) => `m_${b}`),
  'total',
];
const AGES = [9, 13, 10, 60, 8];

/**
 * Year-end population by origin: refugees accumulate the protection granted (recognized and
 * complementary, 7 % leaving a year); asylum-seekers are the applications not yet decided.
 */
function populationByOrigin(p: Profile, range: Range): Map<number, Map<string, { refugees: number; asylumSeekers: number }>> {
  const protectedShare = (() => {
    const s = parseShares(p.decisions ?? DEFAULT_DECISIONS);
    const all = [...s.values()].reduce((a, b) => a + b, 0);
    return ((s.get('RECOGNIZED') ?? 0) + (s.get('COMPLEMENTARY') ?? 0)) / all;
  })();
  const rate = p.decisionRate ?? 0.75;
  const byYear = new Map<number, Map<string, { refugees: number; asylumSeekers: number }>>();
  const refugees = new Map<string, number>();
  let previous = new Map<string, number>();
  for (let year = range.fromYear; year <= range.toYear; year += 1) {
    const apps = applicationsByOrigin(p, year, range.seed);
    const rows = new Map<string, { refugees: number; asylumSeekers: number }>();
    for (const [origin, n] of apps) {
      const stock = (refugees.get(origin) ?? n * rate * protectedShare * 3) * 0.93 + n * rate * protectedShare;
      refugees.set(origin, stock);
      rows.set(origin, { refugees: unhcrRound(stock), asylumSeekers: unhcrRound(n * (1 - rate) + 0.25 * (previous.get(origin) ?? 0)) });
    }
    previous = apps;
    byYear.set(year, rows);
  }
  return byYear;
}

const keyCells = (p: Profile, year: number, origin: string) => [
  String(year),
  territoryName(origin),
  origin,
  origin,
  territoryName(p.iso3),
  p.iso3,
  p.iso3,
];

export function populationRows(p: Profile, range: Range): string[][] {
  const rows: string[][] = [];
  for (const [year, byOrigin] of populationByOrigin(p, range)) {
    for (const [origin, { refugees, asylumSeekers }] of byOrigin) {
      if (refugees + asylumSeekers > 0)
        rows.push([...keyCells(p, year, origin), String(refugees), String(asylumSeekers), '0', '0', '0', '0', '0', '', '0']);
    }
    const stateless = unhcrRound(
      p.population * (p.region === 'dsm' ? 900 : 60) * rngFor(p.iso3, range.seed, 'UNHCR_STATELESS', year).noise(0.03),
    );
    rows.push([...keyCells(p, year, 'XXA'), '0', '0', '0', '0', '0', String(stateless), '0', '', '0']);
  }
  return rows;
}

/** Sex × age of refugees (REF) and asylum-seekers (ASY), over every origin, every cell rounded as UNHCR does. */
export function demographicRows(p: Profile, range: Range): string[][] {
  const rows: string[][] = [];
  const female = p.female?.asylum ?? 0.4;
  for (const [year, byOrigin] of populationByOrigin(p, range)) {
    for (const [type, total] of [
      ['REF', sum(byOrigin, 'refugees')],
      ['ASY', sum(byOrigin, 'asylumSeekers')],
    ] as const) {
      if (total === 0) continue;
      const f = Math.round(total * female);
      const sex = (n: number) => {
        const cells = apportion(n, AGES).map(unhcrRound);
        const all = cells.reduce((a, b) => a + b, 0);
        return [...cells, 0, all];
      };
      const fCells = sex(f);
      const mCells = sex(total - f);
      rows.push([
        String(year),
        'Various',
        'VAR',
        'VAR',
        territoryName(p.iso3),
        p.iso3,
        p.iso3,
        type,
        'Dispersed in the country / territory',
        'V',
        'I',
        ...[...fCells, ...mCells].map(String),
        String(fCells[6]! + mCells[6]!),
      ]);
    }
  }
  return rows;
}

function sum(byOrigin: Map<string, { refugees: number; asylumSeekers: number }>, key: 'refugees' | 'asylumSeekers'): number {
  return [...byOrigin.values()].reduce((s, x) => s + x[key], 0);
}
