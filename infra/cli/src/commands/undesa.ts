import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatImportSummary,
  formatRejection,
  ImportError,
  importUndesa,
  openImportDb,
  RowsRejected,
} from '@migfed/subgraph-provider';

const usage = `usage: npm run migfed -- undesa import <file> [--release IMS2020] [--published YYYY-MM-DD]
                                    [--database-url URL | --data-dir DIR] [--allow-rejects]

Imports UN DESA International Migrant Stock table 1 in long form (location_code = M49, name,
type_of_data, sex, year, value; e.g. ims2020_table1_long.csv) as one release. M49 codes are
mapped to ISO 3166-1 alpha-3; regions and groups of countries are skipped (and counted).

  --release LABEL      release label (default: from the file name, ims2020_… → IMS2020)
  --published DATE     when UN DESA published it (default: unknown)
  --database-url URL   the UN DESA provider's PostgreSQL (default: $DATABASE_URL)
  --data-dir DIR       or its embedded PGlite folder (default: .data/provider-undesa; the demo's is
                       .data/demo-<region>: stop the demo first)
  --allow-rejects      load the valid rows when some are rejected (default: nothing is written)

One transaction; importing the same file again changes nothing.`;

/** `migfed undesa import <file>`: progress on stderr, the summary on stdout. */
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
  const [action, file, ...extra] = positionals;
  if (action !== 'import' || !file || extra.length > 0) return (console.error(usage), 2);
  // npm runs scripts from the repository root; paths are meant from where the user typed them.
  const here = process.env['INIT_CWD'] ?? process.cwd();
  const url = values['database-url'] ?? process.env['DATABASE_URL'];
  const db = await openImportDb(url ? { url } : { dataDir: resolve(here, values['data-dir'] ?? '.data/provider-undesa') });
  console.error(`undesa import of ${file} into ${db.where}`);
  try {
    const result = await importUndesa(db.handle, {
      file: resolve(here, file),
      ...(values.release ? { release: values.release } : {}),
      ...(values.published ? { publishedOn: values.published } : {}),
      allowRejects: values['allow-rejects'],
      progress: (line) => console.error(line),
    });
    console.log(formatImportSummary(result));
    return 0;
  } catch (err) {
    if (err instanceof RowsRejected) console.error(formatRejection(err.stats));
    else if (err instanceof ImportError) console.error(`undesa import: ${err.message}`);
    else throw err;
    return 1;
  } finally {
    await db.close();
  }
}
