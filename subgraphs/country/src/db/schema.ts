import { sql } from 'drizzle-orm';
import {
  bigserial,
  integer,
  serial,
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

/**
 * A national publication. Imports land in a draft; publishing makes its cells visible from
 * `visibleFrom` (now, or a scheduled embargo date-time) and closes the cells they revise.
 */
export const releases = countrySchema.table(
  'releases',
  {
    id: serial('id').primaryKey(),
    country: char('country', { length: 3 }).notNull(),
    name: text('name').notNull(),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** When the focal point published it. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** When readers may see it (the embargo ends); equals publishedAt unless scheduled. */
    visibleFrom: timestamp('visible_from', { withTimezone: true }),
  },
  (t) => [uniqueIndex('releases_name_uq').on(t.country, t.name)],
);

export const observations = countrySchema.table(
  'observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    country: char('country', { length: 3 }).notNull(),
    /**
     * The release the row belongs to. No foreign key on purpose: its per-row check doubled the cost
     * of a bulk import; rows are only ever written by the import, which creates the release first.
     */
    releaseId: integer('release_id'),
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
    /** Name of the release the figure came from (kept on the row: every read shows it). */
    release: text('release'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** Visible to readers from (null while the release is a draft). */
    validFrom: timestamp('valid_from', { withTimezone: true }),
    /** Until a later release revised it (null while current). Rows are never updated otherwise. */
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('observations_release_cell_uq').on(t.releaseId, t.indicator, t.period, t.seriesKey),
    uniqueIndex('observations_current_cell_uq')
      .on(t.country, t.indicator, t.period, t.seriesKey)
      .where(sql`valid_from is not null and valid_to is null`),
    // Reads name the cells they want (series keys): the index finds exactly those rows, instead
    // of reading every cell of the indicator and filtering on the jsonb dimensions. Its
    // (country, indicator) prefix also serves the reads that list too many cells to name them, so
    // the older (country, indicator, period_start) index went: one index less to fill on import.
    index('observations_series_idx').on(t.country, t.indicator, t.seriesKey, t.periodStart),
  ],
);

/** Focal-point credentials: only a SHA-256 of the token is kept; the token is shown once. */
export const tokens = countrySchema.table('tokens', {
  id: serial('id').primaryKey(),
  country: char('country', { length: 3 }).notNull(),
  /** Who holds it, e.g. the focal point's name. */
  holder: text('holder').notNull(),
  hash: text('hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Every accepted write: who, when, which release, how many cells. */
export const auditLog = countrySchema.table('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  country: char('country', { length: 3 }).notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  tokenId: integer('token_id'),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  release: text('release'),
  cells: integer('cells').notNull().default(0),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
});

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
