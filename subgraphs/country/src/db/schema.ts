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
    /** For a release derived from records: when they were extracted (null for other releases). */
    recordsExtractedAt: timestamp('records_extracted_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('releases_name_uq').on(t.country, t.name)],
);

/** The columns of a cell, in the table and in the versions view (fresh builders for each). */
const cellColumns = () => ({
  country: char('country', { length: 3 }).notNull(),
  /** The release the cell belongs to (with country, the partition keys). */
  releaseId: integer('release_id').notNull(),
  indicator: text('indicator').notNull(),
  /**
   * Identifies the cell within indicator and period: the codes of the indicator's dimensions in
   * the order of their names (`seriesKey`, `dimensionsOf` in queries.ts), `_T` for totals.
   */
  seriesKey: text('series_key').notNull(),
  /** SDMX period as published: 2023, 2023-Q1, 2023-01 (sorts in time order within a frequency). */
  period: text('period').notNull(),
  value: doublePrecision('value'),
  obsStatus: text('obs_status').notNull().default('A'),
  confStatus: text('conf_status').notNull().default('F'),
});

/**
 * Cells, partitioned by country and then one partition per release (`observations_mda` →
 * `observations_r<id>`, see partitions.ts and migration 0005): an import COPYs into a fresh
 * table, builds its index in bulk and attaches it, so nothing is maintained row by row.
 * Written only by the publishing workflow (and the demo's seed); read through `observationVersions`.
 */
export const observations = countrySchema.table(
  'observations',
  cellColumns(),
  // Unique per release; series first, so a read names its cells and gets their periods in order.
  // Both partition keys are in it, as PostgreSQL requires of a unique index on a partitioned table.
  (t) => [uniqueIndex('observations_cell_uq').on(t.seriesKey, t.period, t.indicator, t.releaseId, t.country)],
);

/**
 * What a release withdraws from earlier releases (migration 0006): `seriesKey` null means the
 * release's cells for (indicator, period) are the whole table (SDMX ACTION R, the default), so
 * earlier cells of that table it does not carry stop being visible with it; a series key
 * withdraws that one cell (ACTION D). Rows, not updates: earlier cells stay as they were.
 */
export const withdrawals = countrySchema.table('withdrawals', {
  country: char('country', { length: 3 }).notNull(),
  releaseId: integer('release_id').notNull(),
  indicator: text('indicator').notNull(),
  period: text('period').notNull(),
  seriesKey: text('series_key'),
});

/**
 * Every version of every cell with the time readers saw it: visible from its release's
 * `visible_from` until the next published release with the same cell or that withdraws it
 * (`validTo` null while current; both null while its release is a draft), and the version
 * published before it. A view (migrations 0005, 0006), so publishing a release touches no cell
 * and a revision never overwrites one.
 */
export const observationVersions = countrySchema
  .view('observation_versions', {
    ...cellColumns(),
    /** Name of the release the figure came from. */
    release: text('release').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    /** The same cell's value in the version published before this one (null when none). */
    previousValue: doublePrecision('previous_value'),
    previousConf: text('previous_conf'),
    previousRelease: text('previous_release'),
  })
  .existing();

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
