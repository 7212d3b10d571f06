import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import {
  agencies,
  codelists,
  codes,
  dimensions,
  focalPoints,
  indicatorDimensions,
  indicators,
  members,
  regions,
  territories,
} from './schema.js';

export type MemberRow = typeof members.$inferSelect;
export type TerritoryRow = typeof territories.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type CodeRow = typeof codes.$inferSelect;

export const listMembers = (db: Db) => db.select().from(members).orderBy(asc(members.position));
export const findMembers = (db: Db, iso3: readonly string[]) =>
  db
    .select()
    .from(members)
    .where(inArray(members.iso3, [...iso3]));
export const findTerritories = (db: Db, iso3: readonly string[]) =>
  db
    .select()
    .from(territories)
    .where(inArray(territories.iso3, [...iso3]));
export const listTerritories = (db: Db) => db.select().from(territories).orderBy(asc(territories.iso3));
export const findAgencies = (db: Db, countries: readonly string[]) =>
  db
    .select()
    .from(agencies)
    .where(inArray(agencies.country, [...countries]))
    .orderBy(asc(agencies.name));
export const findFocalPoints = (db: Db, countries: readonly string[]) =>
  db
    .select()
    .from(focalPoints)
    .where(inArray(focalPoints.country, [...countries]))
    .orderBy(asc(focalPoints.id));
export const getRegion = async (db: Db) => (await db.select().from(regions).limit(1))[0];
export const listIndicators = (db: Db) => db.select().from(indicators).orderBy(asc(indicators.position));
export const findIndicators = (db: Db, code: readonly string[]) =>
  db
    .select()
    .from(indicators)
    .where(inArray(indicators.code, [...code]));
export const findIndicatorDimensions = (db: Db, indicator: readonly string[]) =>
  db
    .select({ indicator: indicatorDimensions.indicator, id: dimensions.id, name: dimensions.name, codelist: dimensions.codelist })
    .from(indicatorDimensions)
    .innerJoin(dimensions, eq(dimensions.id, indicatorDimensions.dimension))
    .where(inArray(indicatorDimensions.indicator, [...indicator]))
    .orderBy(asc(indicatorDimensions.position));
export const listCodelists = (db: Db) => db.select().from(codelists).orderBy(asc(codelists.id));
export const findCodelists = (db: Db, id: readonly string[]) =>
  db
    .select()
    .from(codelists)
    .where(inArray(codelists.id, [...id]));
export const findCodes = (db: Db, codelist: readonly string[]) =>
  db
    .select()
    .from(codes)
    .where(inArray(codes.codelist, [...codelist]))
    .orderBy(asc(codes.position));
