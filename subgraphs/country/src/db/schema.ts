import { sql } from 'drizzle-orm';
import {
  bigserial,
  char,
  date,
  doublePrecision,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Every table carries the country code, so one database can host a whole demo region. */
export const countrySchema = pgSchema('country');

export const observations = countrySchema.table(
  'observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    country: char('country', { length: 3 }).notNull(),
    indicator: text('indicator').notNull(),
    /** SDMX period as published: 2023, 2023-Q1, 2023-01. */
    period: text('period').notNull(),
    /** First and last day the period covers, for range queries across frequencies. */
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    /** Every dimension of the indicator with its code; `_T` for totals. */
    dims: jsonb('dims').$type<Record<string, string>>().notNull(),
    /** Canonical `DIM=CODE;…` (dimensions sorted): identifies the cell within indicator and period. */
    seriesKey: text('series_key').notNull(),
    value: doublePrecision('value'),
    obsStatus: text('obs_status').notNull().default('A'),
    confStatus: text('conf_status').notNull().default('F'),
    release: text('release'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('observations_cell_uq').on(t.country, t.indicator, t.period, t.seriesKey),
    index('observations_lookup_idx').on(t.country, t.indicator, t.periodStart),
  ],
);

export const nationalMetadata = countrySchema.table(
  'national_metadata',
  {
    country: char('country', { length: 3 }).notNull(),
    indicator: text('indicator').notNull(),
    nationalDefinition: text('national_definition'),
    differenceFromAgreed: text('difference_from_agreed'),
    sourceType: text('source_type'),
    agency: text('agency'),
    coverage: text('coverage'),
    comparability: text('comparability'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.country, t.indicator] })],
);

export const documents = countrySchema.table(
  'documents',
  {
    id: text('id').notNull(),
    country: char('country', { length: 3 }).notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    language: text('language').notNull(),
    adopted: date('adopted'),
    url: text('url'),
    summary: text('summary'),
  },
  (t) => [primaryKey({ columns: [t.country, t.id] }), index('documents_country_idx').on(t.country, t.adopted)],
);
