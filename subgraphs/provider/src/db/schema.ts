import { sql } from 'drizzle-orm';
import { boolean, char, date, index, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every provider's figures, one table per published table, each row labelled with its release so
 * that any imported release can be asked for. Rows are loaded with COPY and never updated: a
 * re-import of a release replaces all of that release's rows in one transaction.
 */
export const providerSchema = pgSchema('provider');

export const releases = providerSchema.table(
  'releases',
  {
    /** `unhcr` or `undesa`. */
    provider: text('provider').notNull(),
    label: text('label').notNull(),
    source: text('source').notNull(),
    demo: boolean('demo').notNull().default(false),
    publishedOn: date('published_on'),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** sha256 of the imported files: importing identical files again changes nothing. */
    checksum: text('checksum').notNull(),
    /** Rows loaded per table, e.g. `{ "applications": 120597 }`. */
    rowCounts: jsonb('row_counts').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.label] })],
);

/** Origin as published plus its AREA code: ISO3, `_U` unknown, `XXA` stateless, `_O` other group. */
const origin = {
  origin: text('origin').notNull(),
  originPublished: text('origin_published').notNull(),
  originName: text('origin_name'),
};

const keys = {
  release: text('release').notNull(),
  year: smallint('year').notNull(),
  /** Country of asylum (ISO3 as UNHCR publishes it). */
  coa: char('coa', { length: 3 }).notNull(),
};

export const unhcrApplications = providerSchema.table(
  'unhcr_applications',
  {
    ...keys,
    ...origin,
    procedureType: text('procedure_type'),
    applicationType: text('application_type'),
    decisionLevel: text('decision_level'),
    /** `P` persons, `C` cases; null where the layout does not say (Refugee Data Finder download). */
    basis: char('basis', { length: 1 }),
    applied: integer('applied').notNull(),
  },
  (t) => [index('unhcr_applications_lookup_idx').on(t.release, t.coa, t.year)],
);

export const unhcrDecisions = providerSchema.table(
  'unhcr_decisions',
  {
    ...keys,
    ...origin,
    procedureType: text('procedure_type'),
    decisionLevel: text('decision_level'),
    basis: char('basis', { length: 1 }),
    recognized: integer('recognized').notNull(),
    complementary: integer('complementary').notNull(),
    rejected: integer('rejected').notNull(),
    otherwiseClosed: integer('otherwise_closed').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [index('unhcr_decisions_lookup_idx').on(t.release, t.coa, t.year)],
);

export const unhcrPopulation = providerSchema.table(
  'unhcr_population',
  {
    ...keys,
    ...origin,
    refugees: integer('refugees').notNull(),
    asylumSeekers: integer('asylum_seekers').notNull(),
    returnedRefugees: integer('returned_refugees').notNull(),
    idps: integer('idps').notNull(),
    returnedIdps: integer('returned_idps').notNull(),
    stateless: integer('stateless').notNull(),
    ooc: integer('ooc').notNull(),
    /** Other people in need of international protection: published only for recent years. */
    oip: integer('oip'),
    hst: integer('hst').notNull(),
  },
  (t) => [index('unhcr_population_lookup_idx').on(t.release, t.coa, t.year)],
);

export const unhcrDemographics = providerSchema.table(
  'unhcr_demographics',
  {
    ...keys,
    ...origin,
    populationType: text('population_type').notNull(),
    location: text('location'),
    locationType: text('location_type'),
    accommodationType: text('accommodation_type'),
    // Sex × age band as published (f_0_4 … m_total); f_other / m_other are persons of unknown age.
    f04: integer('f_0_4').notNull(),
    f511: integer('f_5_11').notNull(),
    f1217: integer('f_12_17').notNull(),
    f1859: integer('f_18_59').notNull(),
    f60: integer('f_60').notNull(),
    fOther: integer('f_other').notNull(),
    fTotal: integer('f_total').notNull(),
    m04: integer('m_0_4').notNull(),
    m511: integer('m_5_11').notNull(),
    m1217: integer('m_12_17').notNull(),
    m1859: integer('m_18_59').notNull(),
    m60: integer('m_60').notNull(),
    mOther: integer('m_other').notNull(),
    mTotal: integer('m_total').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [index('unhcr_demographics_lookup_idx').on(t.release, t.coa, t.year)],
);

export const undesaMigrantStock = providerSchema.table(
  'undesa_migrant_stock',
  {
    release: text('release').notNull(),
    /** ISO3 of the country of destination, mapped from the published M49 code. */
    destination: char('destination', { length: 3 }).notNull(),
    m49: text('m49').notNull(),
    locationName: text('location_name').notNull(),
    year: smallint('year').notNull(),
    /** `_T`, `F`, `M`. */
    sex: text('sex').notNull(),
    /** As published, e.g. `B R`: B foreign-born, C citizenship, R refugees added, I imputed. */
    typeOfData: text('type_of_data').notNull(),
    notes: text('notes'),
    /** Null where UN DESA published `..`. */
    value: integer('value'),
  },
  (t) => [index('undesa_migrant_stock_lookup_idx').on(t.release, t.destination, t.year)],
);

/**
 * UN DESA's origin–destination table: the stock of international migrants born in (or, where the
 * destination counts citizenship, citizens of) `origin` living in `destination` at mid-year. Only
 * pairs of territories; regions and groups on either side are not loaded.
 */
export const undesaMigrantStockByOrigin = providerSchema.table(
  'undesa_migrant_stock_by_origin',
  {
    release: text('release').notNull(),
    /** ISO3 of the country of destination and of origin, mapped from the published M49 codes. */
    destination: char('destination', { length: 3 }).notNull(),
    origin: char('origin', { length: 3 }).notNull(),
    destinationM49: text('destination_m49').notNull(),
    originM49: text('origin_m49').notNull(),
    year: smallint('year').notNull(),
    /** `_T`, `F`, `M`. */
    sex: text('sex').notNull(),
    /** The destination's type of data as published, e.g. `B R`. */
    typeOfData: text('type_of_data').notNull(),
    /** Null where UN DESA published `..` or left the cell empty. */
    value: integer('value'),
  },
  (t) => [index('undesa_migrant_stock_by_origin_lookup_idx').on(t.release, t.destination, t.year)],
);
