// `pnpm --filter @migfed/gateway build:explorer`: (re)builds gateway/dist/explorer, e.g. in an image build.
import { buildExplorer } from '../src/explorer-build.js';

const { outDir, ms } = await buildExplorer({ force: true });
console.log(`explorer built in ${outDir} (${(ms / 1000).toFixed(1)} s)`);
