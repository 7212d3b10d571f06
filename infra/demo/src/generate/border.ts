import { jitter, parseShares, split, sumOf, type Shares } from './apportion.js';
import { type Breakdown, marginOf } from './cells.js';
import type { Profile } from './profile.js';
import type { Rng } from './random.js';
import { covidMonthly, level, partnerShares, seasonalWeights } from './series.js';

/** How a month departs from the usual course: traffic volume, share of exits, share of nationals. */
interface MonthShock {
  volume?: number;
  exit?: number;
  nat?: number;
}

const WAR_2022_VOLUME = [1.5, 1.45, 2.0, 1.15, 1.05, 1.05, 1, 0.95, 0.9, 0.85, 0.8, 0.85];
const WAR_2022_EXIT = [0.5, 0.58, 0.82, 0.58, 0.44, 0.45, 0.5, 0.52, 0.5, 0.5, 0.5, 0.54];

const SHOCKS: Record<NonNullable<Profile['shock']>, (year: number, month: number) => MonthShock> = {
  // Exits surge from late February 2022, many return from May; afterwards most travellers are nationals.
  war: (year, month) => {
    if (year < 2022) return {};
    if (year === 2022) return { volume: WAR_2022_VOLUME[month - 1], exit: WAR_2022_EXIT[month - 1], ...(month >= 3 ? { nat: 0.9 } : {}) };
    return { exit: 0.51, nat: 0.9 };
  },
  // Borders closed from March 2020 to the end of 2022, then reopened step by step through 2023.
  closed: (year, month) => {
    if (year === 2020) return { volume: month < 3 ? 1 : 0.08 };
    if (year === 2021) return { volume: 0.07 };
    if (year === 2022) return { volume: 0.08 + 0.01 * month };
    if (year === 2023) return { volume: 0.35 + 0.05 * (month - 1) };
    return {};
  },
};

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Border-type shares in a month after any closures, and how much of the usual traffic is left. */
function borderTypes(profile: Profile, period: string): { shares: Shares; volume: number } {
  const usual = parseShares(profile.borderTypes);
  const shares: Shares = new Map(usual);
  for (const shift of profile.borderShifts ?? []) {
    const weight = shares.get(shift.type);
    if (weight !== undefined && period >= shift.from) shares.set(shift.type, weight * shift.factor);
  }
  return { shares, volume: sumOf(shares.values()) / sumOf(usual.values()) };
}

/** BORDER_CROSSINGS of one month, every margin an exact split of the month's total. */
export function borderMonth(profile: Profile, year: number, month: number, rng: Rng): Breakdown {
  const period = `${year}-${String(month).padStart(2, '0')}`;
  const shock = profile.shock ? SHOCKS[profile.shock](year, month) : {};
  // A closed border replaces the general pandemic course; everyone else follows it.
  const pandemic = profile.shock === 'closed' ? 1 : covidMonthly(year, month);
  const season = seasonalWeights(profile.seasonality ?? 0.2, profile.holidayPeak ?? 0)[month - 1] ?? 1;
  const types = borderTypes(profile, period);
  const expected = (level(profile.border, year) / 12) * season * pandemic * (shock.volume ?? 1) * types.volume;
  const n = Math.max(0, Math.round(expected * rng.noise(0.03)));

  const exit = clamp((shock.exit ?? 0.5) + 0.01 * rng.normal(), 0.05, 0.95);
  const nat = clamp((shock.nat ?? profile.natShare) + 0.015 * rng.normal(), 0.02, 0.98);
  const traveller = split(
    n,
    new Map([
      ['NAT', nat],
      ['FOR', 1 - nat],
    ]),
  );
  const nationals = traveller.get('NAT') ?? 0;
  // Nationals are the country's own citizenship; foreigners split by the profile's travellers.
  const citizenship = new Map([[profile.iso3, nationals]]);
  for (const [code, count] of marginOf(n - nationals, partnerShares(profile.travellers, year), rng, 0.05)) {
    citizenship.set(code, count);
  }
  return {
    total: n,
    margins: {
      DIRECTION: split(
        n,
        new Map([
          ['ENTRY', 1 - exit],
          ['EXIT', exit],
        ]),
      ),
      TRAVELLER: traveller,
      BORDER_TYPE: split(n, jitter(types.shares, rng, 0.04)),
      CITIZENSHIP: citizenship,
    },
  };
}
