import express, { type Express } from 'express';
import { buildExplorer, defaultExplorerDir } from './explorer-build.js';

/** One tab GraphiQL opens with (when the researcher has no saved tabs of their own). */
export interface ExplorerTab {
  query: string;
  variables?: string;
}

export interface ExplorerOptions {
  /** Example operations the explorer opens with; default: EXPLORER_EXAMPLE_TABS. */
  defaultTabs?: ExplorerTab[];
  /** Where the built explorer is (and is built when missing or stale); default gateway/dist/explorer. */
  dir?: string;
}

export const EXPLORER_EXAMPLE_TABS: ExplorerTab[] = [
  {
    query: `# Work permits issued by every member, 2019-2023
{
  countries {
    iso3
    name
    observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") {
      period
      value
    }
  }
}
`,
  },
];

type Log = Pick<Console, 'info' | 'warn'>;

/**
 * Serves the offline GraphiQL at /explorer/ (built first when missing or older than its sources),
 * and /explorer/config.json with the GraphQL URL and the default tabs. When the build is impossible
 * (no devDependencies in a production install), /explorer answers 503 saying how to build it.
 */
export async function mountExplorer(app: Express, options: ExplorerOptions, log: Log): Promise<void> {
  const dir = options.dir ?? defaultExplorerDir;
  const config = { graphqlUrl: '/graphql', defaultTabs: options.defaultTabs ?? EXPLORER_EXAMPLE_TABS };
  let available = true;
  try {
    const { built, ms } = await buildExplorer({ outDir: dir });
    if (built) log.info(`gateway: explorer built in ${dir} (${(ms / 1000).toFixed(1)} s)`);
  } catch (err) {
    available = false;
    log.warn(`gateway: the explorer could not be built, /explorer is unavailable: ${(err as Error).message}`);
  }
  // Relative asset URLs in index.html need the trailing slash.
  app.get('/explorer', (req, res, next) => (req.path === '/explorer' ? res.redirect(301, '/explorer/') : next()));
  app.get('/explorer/config.json', (_req, res) => void res.set('cache-control', 'no-store').json(config));
  if (available) {
    app.use('/explorer', express.static(dir, { index: 'index.html', fallthrough: true }));
  } else {
    app.use('/explorer', (_req, res) => {
      res.status(503).type('text/plain').send('The explorer is not built: run `pnpm --filter @migfed/gateway build:explorer`.\n');
    });
  }
}
