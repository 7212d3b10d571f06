// The offline explorer: GraphiQL 5 with every script, style, font and Monaco worker served by the
// gateway itself (no CDN: members' networks may have no internet). Built by src/explorer-build.ts.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

interface ExplorerConfig {
  graphqlUrl: string;
  defaultTabs: { query: string; variables?: string }[];
}

// Monaco runs its language services in web workers, bundled as IIFE files next to this one.
const workerFiles: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return new Worker(new URL(workerFiles[label] ?? 'editor.worker.js', import.meta.url));
  },
};

const config = (await fetch(new URL('config.json', import.meta.url)).then((r) => r.json())) as ExplorerConfig;

// A link may carry an operation to open (`?query=…&variables=…`, as /reports links it): it opens in
// a tab of its own, its variables in the Variables pane.
const linked = new URLSearchParams(location.search);

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={createGraphiQLFetcher({ url: config.graphqlUrl })}
    defaultTabs={config.defaultTabs}
    initialQuery={linked.get('query') ?? undefined}
    initialVariables={linked.get('variables') ?? undefined}
  />,
);
