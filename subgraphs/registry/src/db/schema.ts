import { boolean, char, integer, pgSchema, primaryKey, serial, text } from 'drizzle-orm/pg-core';

/** The secretariat's tables, seeded from schema/ (catalog, codelists, region file). */
export const registrySchema = pgSchema('registry');

export const territories = registrySchema.table('territories', {
  iso3: char('iso3', { length: 3 }).primaryKey(),
  m49: char('m49', { length: 3 }).notNull(),
  name: text('name').notNull(),
});

export const members = registrySchema.table('members', {
  iso3: char('iso3', { length: 3 }).primaryKey(),
  region: text('region').notNull(),
  /** Order of the region file, kept for reports. */
  position: integer('position').notNull(),
  subgraphUrl: text('subgraph_url').notNull(),
});

export const agencies = registrySchema.table(
  'agencies',
  {
    country: char('country', { length: 3 }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.name] })],
);

export const focalPoints = registrySchema.table('focal_points', {
  id: serial('id').primaryKey(),
  country: char('country', { length: 3 }).notNull(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  email: text('email'),
  agency: text('agency'),
});

export const regions = registrySchema.table('regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  secretariat: text('secretariat').notNull(),
});

export const indicators = registrySchema.table('indicators', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  definition: text('definition').notNull(),
  unit: text('unit').notNull(),
  frequency: char('frequency', { length: 1 }).notNull(),
  minimumSet: boolean('minimum_set').notNull(),
  smallCountThreshold: integer('small_count_threshold'),
  position: integer('position').notNull(),
});

export const indicatorDimensions = registrySchema.table(
  'indicator_dimensions',
  {
    indicator: text('indicator').notNull(),
    dimension: text('dimension').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicator, t.dimension] })],
);

export const dimensions = registrySchema.table('dimensions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  codelist: text('codelist').notNull(),
});

export const codelists = registrySchema.table('codelists', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
});

export const codes = registrySchema.table(
  'codes',
  {
    codelist: text('codelist').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codelist, t.id] })],
);
