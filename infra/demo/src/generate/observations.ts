import type { IndicatorDef } from '@migfed/schema';
import { ANNUAL_BUILDERS } from './annual.js';
import { borderMonth } from './border.js';
import { type Breakdown, cellsOf } from './cells.js';
import { sourceTypeOf } from './metadata.js';
import type { Profile } from './profile.js';
import { rngFor } from './random.js';
import type { GeneratedObservation } from './types.js';

interface Range {
  fromYear: number;
  toYear: number;
  seed: number;
}

/** SDMX OBS_STATUS of every figure of an indicator in a period. */
export function statusOf(profile: Profile, indicator: string, period: string, toYear: number): string {
  if (Number(period.slice(0, 4)) === toYear) return 'P';
  if (profile.breakIn.indicator === indicator && profile.breakIn.period === period) return 'B';
  if (sourceTypeOf(profile, indicator) === 'ESTIMATE') return 'E';
  if (profile.estimated?.includes(`${indicator}:${period}`)) return 'E';
  return 'A';
}

/** The periods of an indicator in the range, with their figures; none for an indicator we cannot make. */
function* periodsOf(profile: Profile, def: IndicatorDef, range: Range): Generator<[string, Breakdown]> {
  const annual = ANNUAL_BUILDERS[def.code];
  const monthly = def.code === 'BORDER_CROSSINGS';
  if (!annual && !monthly) return;
  const expected = monthly ? 'M' : 'A';
  if (def.frequency !== expected) {
    throw new Error(`Demo generator makes ${def.code} with frequency ${expected}, the catalog says ${def.frequency}`);
  }
  for (let year = range.fromYear; year <= range.toYear; year += 1) {
    if (annual) {
      const breakdown = annual(profile, year, rngFor(profile.iso3, range.seed, def.code, year));
      if (breakdown) yield [String(year), breakdown];
      continue;
    }
    for (let month = 1; month <= 12; month += 1) {
      const period = `${year}-${String(month).padStart(2, '0')}`;
      yield [period, borderMonth(profile, year, month, rngFor(profile.iso3, range.seed, def.code, period))];
    }
  }
}

/** Every figure of one indicator over the range, each with all of the indicator's dimensions. */
export function observationsOf(profile: Profile, def: IndicatorDef, range: Range): GeneratedObservation[] {
  const rows: GeneratedObservation[] = [];
  for (const [period, breakdown] of periodsOf(profile, def, range)) {
    const status = statusOf(profile, def.code, period, range.toYear);
    const release = `${period.slice(0, 4)} annual`;
    for (const cell of cellsOf(breakdown)) {
      const unknown = Object.keys(cell.dimensions).filter((d) => !def.dimensions.includes(d));
      if (unknown.length > 0) throw new Error(`${def.code} has no dimension ${unknown.join(', ')} in the catalog`);
      rows.push({
        country: profile.iso3,
        indicator: def.code,
        period,
        dimensions: Object.fromEntries(def.dimensions.map((d) => [d, cell.dimensions[d] ?? '_T'])),
        value: cell.value,
        status,
        confidentiality: 'F',
        release,
      });
    }
  }
  return rows;
}
