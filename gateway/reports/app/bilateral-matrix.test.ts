import { describe, expect, it } from 'vitest';
import { buildMatrix, inPeriod, type MirrorPairDef, matrixQuery, matrixVariables, pairInGraph, subPeriods } from './bilateral-matrix.js';

const side = (code: string, frequency: string, partnerDimension: string) => ({
  indicator: { code, frequency },
  partnerDimension,
  fixed: [],
});
const PAIR: MirrorPairDef = {
  id: 'LONG_TERM_MIGRATION',
  name: 'long-term migration',
  origin: side('LONG_TERM_EMIGRATION', 'M', 'NEXT_RESIDENCE'),
  destination: side('LONG_TERM_IMMIGRATION', 'M', 'PREVIOUS_RESIDENCE'),
  thirdOpinion: null,
};
const obs = (period: string, dimension: string, code: string, value: number | null, confidentiality = 'F') => ({
  period,
  value,
  status: 'A',
  confidentiality,
  dimensions: [{ dimension, code }],
});

describe('bilateral matrix', () => {
  it('places months in years and quarters', () => {
    expect(inPeriod('2023-05', '2023')).toBe(true);
    expect(inPeriod('2023-05', '2023-Q2')).toBe(true);
    expect(inPeriod('2023-07', '2023-Q2')).toBe(false);
    expect(inPeriod('2024-01', '2023')).toBe(false);
    expect(inPeriod('2023', '2023')).toBe(true);
    expect(subPeriods('M', '2023')).toBe(12);
    expect(subPeriods('M', '2023-Q1')).toBe(3);
    expect(subPeriods('A', '2023')).toBe(1);
  });

  it('takes one year of a longer answer, and keeps a withheld month out of the sum but in the flags', () => {
    const answer = {
      data: {
        countries: [
          {
            iso3: 'KAZ',
            name: 'Kazakhstan',
            origin: [
              obs('2022-12', 'NEXT_RESIDENCE', 'KGZ', 100),
              obs('2023-01', 'NEXT_RESIDENCE', 'KGZ', 7),
              obs('2023-02', 'NEXT_RESIDENCE', 'KGZ', null, 'A'),
            ],
            destination: [],
          },
          { iso3: 'KGZ', name: 'Kyrgyzstan', origin: [], destination: [obs('2023-03', 'PREVIOUS_RESIDENCE', 'KAZ', 10)] },
        ],
      },
    };
    const m = buildMatrix(PAIR, '2023', answer);
    const cell = m.cells.find((c) => c.origin === 'KAZ')!;
    expect(cell.originSide).toEqual({ status: 'OK', value: 7, completeness: 1 / 12, flags: ['c'], reason: null });
    expect(cell.destinationSide.value).toBe(10);
    expect([cell.difference, cell.ratio]).toEqual([3, 10 / 7]);
    expect(m.cells.find((c) => c.origin === 'KGZ')!.originSide!.status).toBe('NOT_PUBLISHED');
  });

  it('asks for a range in one query, and refuses a reversed one', () => {
    expect(matrixVariables(PAIR, '2015', ['KAZ', 'KGZ'], '2024')).toMatchObject({ from: '2015', to: '2024' });
    expect(() => matrixVariables(PAIR, '2024', ['KAZ', 'KGZ'], '2015')).toThrow('period: "2015" is before "2024"');
  });

  it('asks UN DESA only where the graph has it, and says why its figure is missing', () => {
    const citizens: MirrorPairDef = { ...PAIR, id: 'CITIZENS_ABROAD', thirdOpinion: 'UNDESA' };
    expect(pairInGraph(citizens, { fields: [{ name: 'iso3' }, { name: 'unhcr' }] }).thirdOpinion).toBeNull();
    const inGraph = pairInGraph(citizens, { fields: [{ name: 'iso3' }, { name: 'undesa' }] });
    expect(inGraph.thirdOpinion).toBe('UNDESA');
    expect(matrixQuery(inGraph)).toContain('migrantStockByOrigin(sex: $undesaSex, origins: $members)');
    expect(matrixQuery(pairInGraph(citizens, null))).not.toContain('undesa');
    const member = (iso3: string, rows: { originCode: string; year: number; value: number | null }[] | null) => ({
      iso3,
      name: iso3,
      origin: [],
      destination: [],
      undesa: { source: 'UN DESA', migrantStockByOrigin: rows },
    });
    const noTable = buildMatrix(inGraph, '2020', { data: { countries: [member('KAZ', null), member('KGZ', null)] } });
    expect(noTable.cells[0]).toMatchObject({
      thirdOpinion: null,
      thirdOpinionReason: expect.stringMatching(/no origin–destination table/),
    });
    const quarter = buildMatrix(inGraph, '2020-Q3', {
      data: { countries: [member('KAZ', [{ originCode: 'KGZ', year: 2020, value: 5 }]), member('KGZ', [])] },
    });
    expect(quarter.cells.find((c) => c.destination === 'KAZ')?.thirdOpinionReason).toBe(
      'UN DESA estimates the stock at mid-year of whole years only',
    );
  });

  it('asks members to sum a flow into the periods shown only when they are coarser, and never a stock', () => {
    const summed = (pair: MirrorPairDef, period: string) => matrixVariables(pair, period, ['KAZ', 'KGZ'], period, true);
    expect(summed(PAIR, '2023')).toMatchObject({ originFrequency: 'A', destinationFrequency: 'A' });
    expect(summed(PAIR, '2023-Q2')).toMatchObject({ originFrequency: 'Q', destinationFrequency: 'Q' });
    expect(summed(PAIR, '2023-05')).toMatchObject({ originFrequency: null, destinationFrequency: null });
    expect(matrixVariables(PAIR, '2023', ['KAZ', 'KGZ'])).toMatchObject({ originFrequency: null, destinationFrequency: null });
    const stocks: MirrorPairDef = {
      ...PAIR,
      origin: { ...side('CITIZENS_ABROAD', 'A', 'COUNTRY_OF_RESIDENCE') },
      destination: {
        ...side('STOCK_FOREIGNERS', 'M', 'CITIZENSHIP'),
        indicator: { code: 'STOCK_FOREIGNERS', frequency: 'M', stock: true },
      },
    };
    expect(summed(stocks, '2023')).toMatchObject({ originFrequency: null, destinationFrequency: null });
  });

  it('builds the same matrix from the sums a member made as from its months', () => {
    const months = [
      obs('2023-01', 'NEXT_RESIDENCE', 'KGZ', 7),
      { ...obs('2023-02', 'NEXT_RESIDENCE', 'KGZ', 5), status: 'E' },
      obs('2023-03', 'NEXT_RESIDENCE', 'KGZ', null, 'A'),
      obs('2023-04', 'NEXT_RESIDENCE', 'KGZ', null, 'D'),
    ];
    const year = {
      ...obs('2023', 'NEXT_RESIDENCE', 'KGZ', 12),
      parts: 2,
      partStatuses: ['A', 'E'],
      partConfidentiality: ['A', 'D', 'F'],
    };
    const answer = (origin: unknown[]) => ({
      data: {
        countries: [
          { iso3: 'KAZ', name: 'Kazakhstan', origin, destination: [] },
          { iso3: 'KGZ', name: 'Kyrgyzstan', origin: [], destination: [obs('2023-03', 'PREVIOUS_RESIDENCE', 'KAZ', 10)] },
        ],
      },
    });
    const fromMonths = buildMatrix(PAIR, '2023', answer(months) as never);
    const fromSums = buildMatrix(PAIR, '2023', answer([year]) as never);
    expect(fromSums.cells).toEqual(fromMonths.cells);
    expect(fromSums.cells.find((c) => c.origin === 'KAZ')!.originSide).toEqual({
      status: 'OK',
      value: 12,
      completeness: 2 / 12,
      flags: ['c', 'e'],
      reason: null,
    });
  });
});
