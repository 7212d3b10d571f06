import { AREA_SPECIAL_CODES, type Catalog } from '@migfed/schema';
import { dimensionsOf, type ObservationRow } from '../db/cells.js';

const SPECIAL = new Set(AREA_SPECIAL_CODES.map((c) => c.id));

/**
 * Shapes a stored cell for the graph. A value whose CONF_STATUS is not F (free) is returned as null
 * with its flag: the reader learns that a figure exists and why it is withheld.
 */
export function toObservation(catalog: Catalog, row: ObservationRow, series?: Map<string, DimensionValue[]>) {
  const revised =
    row.previousRelease !== null &&
    row.previousConf === 'F' &&
    row.previousValue !== null &&
    row.confStatus === 'F' &&
    row.value !== null &&
    row.value !== row.previousValue;
  return {
    indicator: row.indicator,
    period: row.period,
    value: row.confStatus === 'F' ? row.value : null,
    dimensions: dimensionsOfRow(catalog, row, series),
    status: row.obsStatus,
    confidentiality: row.confStatus,
    release: row.release,
    // Only free values on both sides: a withheld value must not be revealed, nor that it changed.
    revised,
    previousValue: revised ? row.previousValue : null,
  };
}

export type DimensionValue = ReturnType<typeof toDimensions>[number];

/**
 * A row's dimension codes; with `series` (rows of one indicator), built once per series key and
 * shared by its periods, as a ten-year monthly breakdown repeats each key a hundred times.
 */
export function dimensionsOfRow(catalog: Catalog, row: ObservationRow, series?: Map<string, DimensionValue[]>) {
  let dims = series?.get(row.seriesKey);
  if (!dims) {
    dims = toDimensions(catalog, row.indicator, dimensionsOf(catalog, row.indicator, row.seriesKey));
    series?.set(row.seriesKey, dims);
  }
  return dims;
}

/** A published version of a cell, with the time readers saw it. */
export function toVersion(catalog: Catalog, row: ObservationRow) {
  return { ...toObservation(catalog, row), validFrom: row.validFrom, validTo: row.validTo };
}

/** Dimension codes in the catalog's order; citizenship and birth place codes as territories. */
export function toDimensions(catalog: Catalog, indicator: string, dims: Record<string, string>) {
  const order = catalog.indicator(indicator)?.dimensions ?? Object.keys(dims).sort();
  return order
    .filter((dimension) => dimension in dims)
    .map((dimension) => {
      const code = dims[dimension] ?? '_T';
      const isArea = catalog.dimensions.get(dimension)?.codelist === 'AREA';
      return { dimension, code, territory: isArea && !SPECIAL.has(code) ? { iso3: code } : null };
    });
}
