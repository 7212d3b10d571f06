// The cost model against the region's real API schema and catalog: it counts the rows a filter can
// return, and the heaviest request the report builder sends stays within the default bound.
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { loadCatalog, loadRegion, supergraphPath } from '@migfed/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { matrixQuery, matrixVariables } from '../reports/app/bilateral-matrix.js';
import { reportQuery } from '../reports/app/queries.js';
import { mirrorPairDefs } from './bilateral/pairs.js';
import { countMembers, observationRows, periodsAsked, queryCost, seriesAsked } from './query-cost.js';
import { DEFAULT_QUERY_LIMITS } from './query-limits.js';

const catalog = loadCatalog();
const schema = Supergraph.build(readFileSync(supergraphPath('dsm'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();
const every = (dimension: string) => ({
  dimension,
  codes: catalog.codelists.get(catalog.dimensions.get(dimension)!.codelist)!.codes.map((c) => c.id),
});
const NOW = new Date('2026-06-01T00:00:00Z');

describe('rows a filter can return', () => {
  it('counts periods of the indicator frequency, open ends included', () => {
    expect(periodsAsked('A', '2015', '2024', NOW)).toBe(10);
    expect(periodsAsked('M', '2023', '2023', NOW)).toBe(12);
    expect(periodsAsked('M', '2023-03', '2023-05', NOW)).toBe(3);
    expect(periodsAsked('Q', '2024-Q4', '2024-Q1', NOW)).toBe(0);
    // An open `to` ends this year; an open `from` counts ten years.
    expect(periodsAsked('A', '2020', undefined, NOW)).toBe(7);
    expect(periodsAsked('M', null, null, NOW)).toBe(120);
    expect(periodsAsked('A', 'soon', undefined, NOW)).toBeUndefined();
  });

  it('counts only the codes the catalog holds, once each', () => {
    const citizenship = every('CITIZENSHIP').codes.length;
    expect(citizenship).toBeGreaterThan(240);
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', null)).toBe(1);
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [every('CITIZENSHIP')])).toBe(citizenship);
    const junk = { dimension: 'SEX', codes: ['F', 'F', 'M', 'NOPE', ...Array.from({ length: 400 }, (_, i) => `X${i}`)] };
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [junk])).toBe(2);
    // The member refuses these without reading a row.
    expect(seriesAsked(catalog, 'NO_SUCH', [every('SEX')])).toBe(0);
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [every('BORDER_TYPE')])).toBe(0);
    expect(
      observationRows(catalog, { indicator: 'BORDER_CROSSINGS', from: '2023-01', to: '2023-12', filter: [every('DIRECTION')] }, NOW),
    ).toBe(36);
  });

  it('counts "every code the member holds" as the whole codelist, whatever codes come with it', () => {
    const citizenship = every('CITIZENSHIP').codes.length;
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [{ dimension: 'CITIZENSHIP', codes: [], allHeld: true }])).toBe(citizenship);
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [{ dimension: 'SEX', codes: ['F'], allHeld: true }])).toBe(
      every('SEX').codes.length,
    );
    expect(seriesAsked(catalog, 'WORK_PERMITS_ISSUED', [{ dimension: 'SEX', codes: ['F'], allHeld: false }])).toBe(1);
  });
});

describe('queryCost over the DSM region', () => {
  const members = countMembers(schema);
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    queryCost(schema, parse(query), undefined, variables, members, catalog);

  it('has twelve members', () => expect(members).toBe(12));

  it('lets the heaviest report builder request through: every member, open range, two breakdowns with every code', () => {
    const variables = {
      indicator: 'BORDER_CROSSINGS',
      members: null,
      from: null,
      to: null,
      filter: [every('CITIZENSHIP'), every('BORDER_TYPE')],
      asOf: null,
    };
    const found = cost(reportQuery(true), variables);
    expect(found).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    // The same for 5-year age bands by citizenship, the heaviest annual one.
    expect(
      cost(reportQuery(true), { ...variables, indicator: 'STOCK_FOREIGNERS', filter: [every('CITIZENSHIP'), every('AGE')] }),
    ).toBeLessThan(found);
  });

  it('refuses the attack: 17 aliases of every code of the four border dimensions, and even one with the report fields', () => {
    const filter = ['DIRECTION', 'TRAVELLER', 'BORDER_TYPE', 'CITIZENSHIP'].map(every);
    const aliases = Array.from(
      { length: 17 },
      (_, i) => `a${i}: countries { iso3 observations(indicator: "BORDER_CROSSINGS", filter: $filter) { period value } }`,
    );
    expect(cost(`query ($filter: [DimensionFilter!]) { ${aliases.join(' ')} }`, { filter })).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
    expect(cost(reportQuery(false), { indicator: 'BORDER_CROSSINGS', filter })).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('counts a breakdown as its figures, one per list it sends for them, and refuses the same attack through it', () => {
    const args = 'indicator: "LONG_TERM_IMMIGRATION", from: "2015", to: "2024", by: "PREVIOUS_RESIDENCE", filter: $filter';
    const partners = [{ dimension: 'PREVIOUS_RESIDENCE', codes: ['KAZ', 'KGZ', 'RUS', 'TJK', 'UZB'] }];
    // Every member × 5 partners × 120 months, three lists each (the code is one per series).
    const lists = cost(`query ($filter: [DimensionFilter!]) { countries { breakdown(${args}) { code periods values statuses } } }`, {
      filter: partners,
    });
    const rows = members * 5 * 120;
    expect(lists).toBeGreaterThanOrEqual(rows * 4);
    expect(lists).toBeLessThan(rows * 4 + 100);
    // The same figures as objects cost at least as much per field asked.
    const objects = cost(
      `query ($filter: [DimensionFilter!]) { countries { observations(indicator: "LONG_TERM_IMMIGRATION", from: "2015", to: "2024", filter: $filter) { period value status } } }`,
      { filter: partners },
    );
    expect(lists).toBeGreaterThanOrEqual(objects);
    const filter = ['DIRECTION', 'TRAVELLER', 'BORDER_TYPE', 'CITIZENSHIP'].map(every);
    const aliases = Array.from(
      { length: 17 },
      (_, i) => `a${i}: countries { iso3 breakdown(indicator: "BORDER_CROSSINGS", by: "CITIZENSHIP", filter: $filter) { values } }`,
    );
    expect(cost(`query ($filter: [DimensionFilter!]) { ${aliases.join(' ')} }`, { filter })).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('costs an ordinary report of one indicator a few thousand', () => {
    const found = cost(reportQuery(false), { indicator: 'WORK_PERMITS_ISSUED', from: '2015', to: '2024', filter: [every('SEX')] });
    expect(found).toBeGreaterThan(1000);
    expect(found).toBeLessThan(10_000);
  });
});

describe('bilateralMatrix: what its one inner query asks the members, plus its matrix', () => {
  const members = countMembers(schema);
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    queryCost(schema, parse(query), undefined, variables, members, catalog);
  const FIELD = `query ($pair: ID!, $period: String!, $members: [ID!]) {
    bilateralMatrix(pair: $pair, period: $period, members: $members) {
      pair members { iso3 status }
      cells { origin destination originReports { value flags } destinationReports { value flags } difference }
    }
  }`;
  const dsm = loadRegion('dsm').members.map((m) => m.iso3);
  const pair = mirrorPairDefs(catalog).get('LONG_TERM_MIGRATION')!;

  it('costs more than the raw matrix query for the same ask, by no more than its cells and members', () => {
    const inner = cost(matrixQuery(pair), matrixVariables(pair, '2023', dsm));
    const field = cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    expect(inner).toBeGreaterThan(12 * 12 * 12); // twelve members, each read by twelve partners over twelve months
    expect(field).toBeGreaterThan(inner);
    // Cells: 12 × 11 of 1 + 9 + 3 + 3 units, members: 12 of 3, and a few units besides.
    expect(field - inner).toBeLessThan(12 * 11 * 16 + 12 * 3 + 10);
    // No `members` is every member of the region.
    expect(cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023', members: dsm })).toBe(field);
  });

  it('grows with the members and the periods asked', () => {
    const year = cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    expect(cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023-Q1' })).toBeLessThan(year);
    expect(cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['MDA', 'RUS'] })).toBeLessThan(year / 10);
    expect(year).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('counts only its matrix when the field refuses the ask before fetching (unknown pair, bad period)', () => {
    const field = cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    const inner = cost(matrixQuery(pair), matrixVariables(pair, '2023', dsm));
    expect(cost(FIELD, { pair: 'NO_SUCH_PAIR', period: '2023' })).toBe(field - inner);
    expect(cost(FIELD, { pair: 'LONG_TERM_MIGRATION', period: 'soon' })).toBe(field - inner);
  });
});
