/**
 * How country.observations is partitioned (migration 0005): by country, then by release. A read
 * names its country, so PostgreSQL plans only that member's release partitions (a demo database
 * holds a whole region); an import builds one release partition as a new table and attaches it.
 */

/** Every column of a cell, as a list for INSERT … SELECT between partitions. */
export const CELL_COLUMNS = 'country, release_id, indicator, series_key, period, value, obs_status, conf_status';

/** Columns of the one unique index every release partition has (both partition keys included). */
export const CELL_INDEX_COLUMNS = 'series_key, period, indicator, release_id, country';

const code = (country: string) => country.replace(/[^A-Za-z]/g, '').toUpperCase();

/** `observations_mda`: the member's partition, itself partitioned by release. */
export const countryPartition = (country: string) => `observations_${code(country).toLowerCase()}`;

/** `observations_r42`: one release's cells. */
export const releasePartition = (releaseId: number) => `observations_r${Math.trunc(releaseId)}`;

/** DDL for the member's partition, when it does not exist yet. */
export const createCountryPartition = (country: string) =>
  `create table if not exists country.${countryPartition(country)} partition of country.observations for values in ('${code(country)}') partition by list (release_id)`;

/** DDL for an empty release partition (the demo's seed; imports attach a table they built). */
export const createReleasePartition = (country: string, releaseId: number) =>
  `create table if not exists country.${releasePartition(releaseId)} partition of country.${countryPartition(country)} for values in (${Math.trunc(releaseId)})`;

/**
 * `crossings_tjk`: the member's partition of a records table (migration 0009). A member's first
 * import builds it as a new table and attaches it; later imports write through the parent.
 */
export const recordsPartition = (kind: 'crossings' | 'permits', country: string) => `${kind}_${code(country).toLowerCase()}`;
