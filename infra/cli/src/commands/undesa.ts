import { importUndesa } from '@migfed/subgraph-provider';
import { runProviderImport } from '../provider-import.js';

const usage = `usage: npm run migfed -- undesa import <file> [--release IMS2020] [--published YYYY-MM-DD]
                                    [--database-url URL | --data-dir DIR] [--allow-rejects]

Imports UN DESA International Migrant Stock as one release, the layout told from the file:
- the origin–destination workbook as UN DESA publishes it (.xlsx, sheet "Table 1", e.g.
  undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx; download it from UN DESA): every
  pair of countries by year and sex, and from its WORLD rows each destination's total;
- the by-destination table in long form (.csv: location_code = M49, name, type_of_data, sex,
  year, value; e.g. ims2020_table1_long.csv).
M49 codes are mapped to ISO 3166-1 alpha-3; regions and groups of countries (on either side) are
skipped and counted. Bad cells are named by line (CSV) or sheet row and column (workbook).

  --release LABEL      release label (default: from the file name, ims2020_… or undesa_pd_2020_ims_… → IMS2020)
  --published DATE     when UN DESA published it (default: unknown)
  --database-url URL   the UN DESA provider's PostgreSQL (default: $DATABASE_URL)
  --data-dir DIR       or its embedded PGlite folder (default: .data/provider-undesa; the demo's is
                       .data/demo-<region>: stop the demo first)
  --allow-rejects      load the valid rows when some are rejected (default: nothing is written)

One transaction; importing the same file again changes nothing.`;

/** `migfed undesa import <file>`: progress on stderr, the summary on stdout. */
export function run(args: string[]): Promise<number> {
  return runProviderImport('undesa', args, usage, (handle, file, options) => importUndesa(handle, { file, ...options }));
}
