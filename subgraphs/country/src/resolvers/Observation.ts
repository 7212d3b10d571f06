import { AREA_SPECIAL_CODES, type Catalog } from '@migfed/schema';
import type { ObservationRow } from '../db/queries.js';

const SPECIAL = new Set(AREA_SPECIAL_CODES.map((c) => c.id));

/**
 * Shapes a stored cell for the graph. A value whose CONF_STATUS is not F (free) is returned as null
 * with its flag: the reader learns that a figure exists and why it is withheld.
 */
export function toObservation(catalog: Catalog, row: ObservationRow) {
  const order = catalog.indicator(row.indicator)?.dimensions ?? Object.keys(row.dims).sort();
  const dimensions = order
    .filter((dimension) => dimension in row.dims)
    .map((dimension) => {
      const code = row.dims[dimension] ?? '_T';
      const isArea = catalog.dimensions.get(dimension)?.codelist === 'AREA';
      return { dimension, code, territory: isArea && !SPECIAL.has(code) ? { iso3: code } : null };
    });
  return {
    indicator: row.indicator,
    period: row.period,
    value: row.confStatus === 'F' ? row.value : null,
    dimensions,
    status: row.obsStatus,
    confidentiality: row.confStatus,
    release: row.release,
  };
}
