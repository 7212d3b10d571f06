import { parseArgs } from 'node:util';
import type { DbHandle } from '@migfed/subgraph-kit';
import { formatImportSummary, formatRejection, ImportError, openImportDb, RowsRejected } from '@migfed/subgraph-provider';
import { userPath } from './member.js';

export interface ImporterOptions {
  release?: string;
  publishedOn?: string;
  allowRejects: boolean;
  progress: (line: string) => void;
}

/**
 * `migfed <provider> import <path>`, shared by the UNHCR and UN DESA importers: options, the
 * provider's database (PostgreSQL or a PGlite folder), progress on stderr, the summary on stdout.
 */
export async function runProviderImport(
  provider: 'unhcr' | 'undesa',
  args: string[],
  usage: string,
  importer: (handle: DbHandle, path: string, options: ImporterOptions) => Promise<Parameters<typeof formatImportSummary>[0]>,
): Promise<number> {
  let parsed: ReturnType<typeof parseProviderArgs>;
  try {
    parsed = parseProviderArgs(args);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [action, path, ...extra] = positionals;
  if (action !== 'import' || !path || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const db = await openImportDb(url ? { url } : { dataDir: userPath(values['data-dir'] ?? `.data/provider-${provider}`) });
  console.error(`${provider} import of ${path} into ${db.where}`);
  try {
    const result = await importer(db.handle, userPath(path), {
      ...(values.release ? { release: values.release } : {}),
      ...(values.published ? { publishedOn: values.published } : {}),
      allowRejects: values['allow-rejects'],
      progress: (line) => console.error(line),
    });
    console.log(formatImportSummary(result));
    return 0;
  } catch (err) {
    if (err instanceof RowsRejected) console.error(formatRejection(err.stats));
    else if (err instanceof ImportError) console.error(`${provider} import: ${err.message}`);
    else throw err;
    return 1;
  } finally {
    await db.close();
  }
}

function parseProviderArgs(args: string[]) {
  return parseArgs({
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
}
