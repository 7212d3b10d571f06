// The matrix's downloads: the matrix as a table (one row per ordered pair) and every figure behind
// it, both sides as the members published them, in SDMX-CSV.
import type { BilateralMatrix, MatrixAnswer, MemberAnswer, SideFigure } from './bilateral-matrix.js';
import { asObservations } from './bilateral-figures.js';
import { servesThirdOpinion } from './bilateral-third-opinion.js';
import { DATAFLOW, toCsv } from './csv.js';

const sideColumns = (side: SideFigure | null) => [
  side?.value ?? null,
  side ? side.flags.join('') : null,
  side?.completeness ?? null,
  side ? side.status : null,
  side?.reason ?? null,
];

/** The matrix as a table: one row per ordered pair, both sides, difference, ratio, flags, notes. */
export function matrixCsv(matrix: BilateralMatrix): string {
  const { pair } = matrix;
  const o = pair.origin ? `origin reports (${pair.origin.indicator.code} by ${pair.origin.partnerDimension})` : 'origin reports';
  const d = `destination reports (${pair.destination.indicator.code} by ${pair.destination.partnerDimension})`;
  const header = [
    'PAIR',
    'PERIOD',
    'ORIGIN',
    'DESTINATION',
    o,
    'origin flags',
    'origin completeness',
    'origin status',
    'origin reason',
    d,
    'destination flags',
    'destination completeness',
    'destination status',
    'destination reason',
    'difference (destination - origin)',
    'ratio (destination / origin)',
    ...(servesThirdOpinion(pair) ? [`${pair.thirdOpinion} estimate`] : []),
    'notes',
  ];
  const rows = matrix.cells.map((c) => [
    pair.id,
    matrix.period,
    c.origin,
    c.destination,
    ...sideColumns(c.originSide),
    ...sideColumns(c.destinationSide),
    c.difference,
    c.ratio === null ? null : Number(c.ratio.toFixed(4)),
    ...(servesThirdOpinion(pair) ? [c.thirdOpinion] : []),
    [...c.notes, ...(c.thirdOpinionReason ? [`${pair.thirdOpinion}: ${c.thirdOpinionReason}`] : [])].join(' | '),
  ]);
  return toCsv([header, ...rows]);
}

/**
 * Both sides' series as the members published them, in SDMX-CSV 1.0 (the publishing CLI reads it
 * back): every figure behind the matrix, sub-period by sub-period, each side with its own indicator.
 */
export function matrixSdmxCsv(matrix: BilateralMatrix, answer: MatrixAnswer): string {
  const sides = [
    ...(matrix.pair.origin ? [{ side: matrix.pair.origin, pick: (m: MemberAnswer) => asObservations(m.origin) }] : []),
    { side: matrix.pair.destination, pick: (m: MemberAnswer) => asObservations(m.destination) },
  ];
  const dims = [
    ...new Set(
      sides.flatMap(({ side, pick }) =>
        (answer.data?.countries ?? [])
          .flatMap((m) => pick(m).flatMap((o) => o.dimensions.map((d) => d.dimension)))
          .concat(side.partnerDimension),
      ),
    ),
  ];
  const rows: (string | number | null)[][] = [
    ['DATAFLOW', 'REF_AREA', 'INDICATOR', ...dims, 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS'],
  ];
  for (const { side, pick } of sides) {
    for (const m of answer.data?.countries ?? []) {
      for (const o of pick(m)) {
        const byDim = new Map(o.dimensions.map((d) => [d.dimension, d.code]));
        rows.push([
          DATAFLOW,
          m.iso3,
          side.indicator.code,
          ...dims.map((d) => byDim.get(d) ?? ''),
          o.period,
          o.value,
          o.status,
          o.confidentiality,
        ]);
      }
    }
  }
  return toCsv(rows);
}
