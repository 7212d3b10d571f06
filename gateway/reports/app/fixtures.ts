// Small reports for the unit tests (not bundled: only main.ts and what it imports are).
import type { IndicatorDef, MemberResult, Observation, ReportData } from './types.js';

export const WORK_PERMITS: IndicatorDef = {
  code: 'WORK_PERMITS_ISSUED',
  name: 'Work permits issued',
  definition: 'Work permits issued to foreign citizens during the reference period.',
  unit: 'PERMITS',
  frequency: 'A',
  dimensions: [
    { id: 'SEX', name: 'Sex' },
    { id: 'CITIZENSHIP', name: 'Country of citizenship' },
  ],
  // Half the region: of three members, two with a figure make a regional total, one does not.
  regionalTotalMinimumShare: 0.5,
};

export function obs(
  period: string,
  value: number | null,
  dims: Record<string, string> = {},
  status = 'A',
  confidentiality = 'F',
): Observation {
  const all = { SEX: '_T', CITIZENSHIP: '_T', ...dims };
  return {
    period,
    value,
    status,
    confidentiality,
    release: `${period} annual`,
    dimensions: Object.entries(all).map(([dimension, code]) => ({ dimension, code })),
  };
}

export function member(iso3: string, name: string, observations: Observation[] | null, extra: Partial<MemberResult> = {}): MemberResult {
  return { iso3, name, observations, metadata: null, ...extra };
}

/**
 * ARM publishes 2022–2024 (2024 provisional), GEO misses 2023 and has 2024 withheld as confidential,
 * MDA is down. Totals: 2022 = 100 + 10, 2023 = 110, 2024 = 120.
 */
export function threeMembers(): ReportData {
  return {
    indicator: WORK_PERMITS,
    periods: ['2022', '2023', '2024'],
    breakdowns: [],
    members: [
      member('ARM', 'Armenia', [obs('2022', 100), obs('2023', 110, {}, 'B'), obs('2024', 120, {}, 'P')]),
      member('GEO', 'Georgia', [obs('2022', 10), obs('2024', null, {}, 'A', 'C')]),
      member('MDA', 'Moldova, Republic of', null, {
        unavailable: 'Country MDA (subgraph country_mda) is unavailable: connect ECONNREFUSED',
      }),
    ],
    scope: { allMembers: true, regionMembers: 3 },
  };
}

/** ARM and GEO in 2024 by sex (F + M = total), GEO also by citizenship. */
export function bySex(): ReportData {
  return {
    indicator: WORK_PERMITS,
    periods: ['2024'],
    breakdowns: [
      {
        dimension: WORK_PERMITS.dimensions[0]!,
        codes: [
          { id: '_T', name: 'Total' },
          { id: 'F', name: 'Female' },
          { id: 'M', name: 'Male' },
        ],
      },
    ],
    members: [
      member('ARM', 'Armenia', [
        obs('2024', 100),
        obs('2024', 40, { SEX: 'F' }),
        obs('2024', 60, { SEX: 'M' }),
        obs('2024', 70, { CITIZENSHIP: 'IND' }),
      ]),
      member('GEO', 'Georgia', [obs('2024', 50), obs('2024', 30, { SEX: 'F' }), obs('2024', 20, { SEX: 'M' })]),
    ],
    scope: { allMembers: true, regionMembers: 2 },
  };
}
