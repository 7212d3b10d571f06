import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatImportSummary,
  formatRejection,
  ImportError,
  importUnhcr,
  openImportDb,
  RowsRejected,
} from '@migfed/subgraph-provider';

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
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        release: { type: 'string' },
        published: { type: 'string' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-rejects': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return (console.log(usage), 0);
  const [action, folder, ...extra] = positionals;
  if (action !== 'import' || !folder || extra.length > 0) return (console.error(usage), 2);
  // npm runs scripts from the repository root; paths are meant from where the user typed them.
  const here = process.env['INIT_CWD'] ?? process.cwd();
  const url = values['database-url'] ?? process.env['DATABASE_URL'];
  const db = await openImportDb(url ? { url } : { dataDir: resolve(here, values['data-dir'] ?? '.data/provider-unhcr') });
  console.error(`unhcr import of ${folder} into ${db.where}`);
  try {
    const result = await importUnhcr(db.handle, {
      folder: resolve(here, folder),
      ...(values.release ? { release: values.release } : {}),
      ...(values.published ? { publishedOn: values.published } : {}),
      allowRejects: values['allow-rejects'],
      progress: (line) => console.error(line),
    });
    console.log(formatImportSummary(result));
    return 0;
  } catch (err) {
    if (err instanceof RowsRejected) console.error(formatRejection(err.stats));
    else if (err instanceof ImportError) console.error(`unhcr import: ${err.message}`);
    else throw err;
    return 1;
  } finally {
    await db.close();
  }
}
