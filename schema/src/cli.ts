import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { composeRegion } from './compose.js';
import { listRegions, loadRegion } from './regions.js';
import { supergraphPath } from './supergraph-file.js';

const usage = `usage:
  compose [--region dsm] [--out FILE]   write the supergraph of a region (default: every region, to schema/supergraph/<region>.graphql)
  check                                 fail when a committed supergraph differs from a fresh composition`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { region: { type: 'string' }, out: { type: 'string' } } });
  const regions = values.region ? [values.region] : listRegions();
  if (command === 'compose') {
    for (const id of regions) {
      const started = performance.now();
      const sdl = composeRegion(loadRegion(id));
      const out = values.out ?? supergraphPath(id);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, sdl);
      console.log(`${id}: composed in ${Math.round(performance.now() - started)} ms, written to ${out}`);
    }
    return 0;
  }
  if (command === 'check') {
    let stale = 0;
    for (const id of regions) {
      const fresh = composeRegion(loadRegion(id));
      let committed = '';
      try {
        committed = readFileSync(supergraphPath(id), 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (committed !== fresh) {
        stale += 1;
        console.error(`${id}: ${supergraphPath(id)} is out of date; run: npm run compose -- --region ${id}`);
      } else console.log(`${id}: supergraph up to date`);
    }
    return stale > 0 ? 1 : 0;
  }
  console.error(usage);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
