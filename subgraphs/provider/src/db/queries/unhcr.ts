import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { unhcrApplications as apps, unhcrDecisions as decs, unhcrDemographics as demo, unhcrPopulation as pop } from '../schema.js';

/** What one figure is asked for; the countries of asylum (`coa`) of a request are batched into one statement. */
export interface FigureQuery {
  release: string;
  year: number;
  /** AREA code (`RUS`, `_U`) or UNHCR's own code (`UNK`); null for every origin. */
  origin: string | null;
}

type WithOrigin = typeof apps | typeof decs | typeof pop;

function where(t: WithOrigin, q: FigureQuery, coas: readonly string[]): SQL | undefined {
  const origin = q.origin === null ? undefined : or(eq(t.origin, q.origin), eq(t.originPublished, q.origin));
  return and(eq(t.release, q.release), eq(t.year, q.year), inArray(t.coa, [...coas]), origin);
}

const sumInt = (column: SQL | unknown) => sql<number>`sum(${column})::int`;
/** Null when the release does not say persons or cases (download layout): then neither sum means anything. */
const sumBasis = (value: unknown, basis: unknown, code: 'P' | 'C') =>
  sql<
    number | null
  >`case when bool_or(${basis} is null) then null else coalesce(sum(${value}) filter (where ${basis} = ${code}), 0)::int end`;

const originColumns = (t: WithOrigin) => ({
  origin: t.origin,
  originPublished: t.originPublished,
  originName: sql<string | null>`max(${t.originName})`,
});

export function applicationTotals(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({ coa: apps.coa, applied: sumInt(apps.applied) })
    .from(apps)
    .where(where(apps, q, coas))
    .groupBy(apps.coa);
}

export function applicationsByOrigin(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({
      coa: apps.coa,
      ...originColumns(apps),
      applied: sumInt(apps.applied),
      persons: sumBasis(apps.applied, apps.basis, 'P'),
      cases: sumBasis(apps.applied, apps.basis, 'C'),
    })
    .from(apps)
    .where(where(apps, q, coas))
    .groupBy(apps.coa, apps.origin, apps.originPublished)
    .orderBy(desc(sql`sum(${apps.applied})`), apps.origin);
}

const decisionSums = {
  recognized: sumInt(decs.recognized),
  complementary: sumInt(decs.complementary),
  rejected: sumInt(decs.rejected),
  otherwiseClosed: sumInt(decs.otherwiseClosed),
  total: sumInt(decs.total),
  casesTotal: sumBasis(decs.total, decs.basis, 'C'),
};

export function decisionTotals(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({ coa: decs.coa, ...decisionSums })
    .from(decs)
    .where(where(decs, q, coas))
    .groupBy(decs.coa);
}

export function decisionsByOrigin(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({ coa: decs.coa, ...originColumns(decs), ...decisionSums })
    .from(decs)
    .where(where(decs, q, coas))
    .groupBy(decs.coa, decs.origin, decs.originPublished)
    .orderBy(desc(sql`sum(${decs.total})`), decs.origin);
}

const populationSums = {
  refugees: sumInt(pop.refugees),
  asylumSeekers: sumInt(pop.asylumSeekers),
  stateless: sumInt(pop.stateless),
  returnedRefugees: sumInt(pop.returnedRefugees),
  internallyDisplaced: sumInt(pop.idps),
  returnedInternallyDisplaced: sumInt(pop.returnedIdps),
  othersOfConcern: sumInt(pop.ooc),
  // sum() over nothing but nulls is null: the category was not published.
  otherInNeedOfProtection: sql<number | null>`sum(${pop.oip})::int`,
  hostCommunity: sumInt(pop.hst),
};

export function populationTotals(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({ coa: pop.coa, ...populationSums })
    .from(pop)
    .where(where(pop, q, coas))
    .groupBy(pop.coa);
}

export function populationByOrigin(db: Db, q: FigureQuery, coas: readonly string[]) {
  return db
    .select({ coa: pop.coa, ...originColumns(pop), ...populationSums })
    .from(pop)
    .where(where(pop, q, coas))
    .groupBy(pop.coa, pop.origin, pop.originPublished)
    .orderBy(desc(sql`sum(${pop.refugees})`), pop.origin);
}

/** Sex × age sums per population type, over every origin and location. */
export function demographicSums(db: Db, q: { release: string; year: number }, coas: readonly string[]) {
  const columns = {
    f04: demo.f04,
    f511: demo.f511,
    f1217: demo.f1217,
    f1859: demo.f1859,
    f60: demo.f60,
    fOther: demo.fOther,
    fTotal: demo.fTotal,
    m04: demo.m04,
    m511: demo.m511,
    m1217: demo.m1217,
    m1859: demo.m1859,
    m60: demo.m60,
    mOther: demo.mOther,
    mTotal: demo.mTotal,
    total: demo.total,
  };
  const sums = Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, sumInt(c)])) as Record<keyof typeof columns, SQL<number>>;
  return db
    .select({ coa: demo.coa, populationType: demo.populationType, ...sums })
    .from(demo)
    .where(and(eq(demo.release, q.release), eq(demo.year, q.year), inArray(demo.coa, [...coas])))
    .groupBy(demo.coa, demo.populationType)
    .orderBy(demo.coa, desc(sql`sum(${demo.total})`));
}

export type DemographicSums = Awaited<ReturnType<typeof demographicSums>>[number];
