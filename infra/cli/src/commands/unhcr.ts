import { importUnhcr } from '@migfed/subgraph-provider';
import { runProviderImport } from '../provider-import.js';

const usage = `usage: npm run migfed -- unhcr import <folder> [--release 2025.12.1] [--published YYYY-MM-DD]
                                   [--database-url URL | --data-dir DIR] [--allow-rejects]

Imports UNHCR's published population statistics from a folder of CSV files as one release:
asylum applications, decisions, year-end population and demographics, in the UNHCR API / R-package
columns (year, coo_iso, coa_iso, …) or the Refugee Data Finder download (Year, Country of asylum
(ISO), …), recognised by each file's header. Other files (countries.csv) are ignored.

  --release LABEL      release label (default: the folder's name, e.g. 2025.12.1)
  --published DATE     when UNHCR published it (default: from a label like 2025.12.1, else unknown);
                       the latest published release answers when a query names none
  --database-url URL   the UNHCR provider's PostgreSQL (default: $DATABASE_URL)
  --data-dir DIR       or its embedded PGlite folder (default: .data/provider-unhcr; the demo's is
                       .data/demo-<region>: stop the demo first, PGlite allows one process)
  --allow-rejects      load the valid rows when some are rejected (default: nothing is written)

One transaction: a failure writes nothing. Importing identical files again changes nothing;
different files under the same label replace that release.`;

/** `migfed unhcr import <folder>`: progress on stderr, the summary on stdout. */
export function run(args: string[]): Promise<number> {
  return runProviderImport('unhcr', args, usage, (handle, folder, options) => importUnhcr(handle, { folder, ...options }));
}
