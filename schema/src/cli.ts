import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { supergraphChanges } from './breaking.js';
import { composeRegion } from './compose.js';
import { listRegions, loadRegion, loadRegionFile } from './regions.js';
import { supergraphPath } from './supergraph-file.js';

const usage = `usage:
  compose [--region dsm] [--out FILE]   write the supergraph of a region (default: every region, to schema/supergraph/<region>.graphql)
  compose --region-file FILE --out FILE write the supergraph of a region file kept anywhere (a new membership)
  check                                 fail when a committed supergraph differs from a fresh composition
  breaking --from FILE --to FILE        list what changes for clients between two supergraphs; fail on a breaking change`;

/** Prints the changes between two supergraphs; 1 when one of them can break a client's query. */
async function breaking(from: string, to: string): Promise<number> {
  const changes = await supergraphChanges(readFileSync(from, 'utf8'), readFileSync(to, 'utf8'));
  for (const message of changes.dangerous) console.log(`dangerous: ${message}`);
  for (const message of changes.breaking) console.error(`BREAKING: ${message}`);
  if (changes.breaking.length > 0) {
    console.error(`${changes.breaking.length} breaking change(s) from ${from} to ${to}: queries that work today would fail`);
    return 1;
  }
  console.log(`no breaking change from ${from} to ${to}: ${changes.safe.length} safe, ${changes.dangerous.length} dangerous`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      region: { type: 'string' },
      'region-file': { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const regions = values.region ? [values.region] : listRegions();
  if (command === 'compose' && values['region-file']) {
    if (!values.out) {
      console.error('compose --region-file needs --out FILE (the committed supergraphs are written from schema/regions/ only)');
      return 2;
    }
    const region = loadRegionFile(values['region-file']);
    const started = performance.now();
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, composeRegion(region));
    console.log(
      `${region.id} (${values['region-file']}, ${region.members.length} members): composed in ${Math.round(performance.now() - started)} ms, written to ${values.out}`,
    );
    return 0;
  }
  if (command === 'breaking') {
    if (!values.from || !values.to) {
      console.error(usage);
      return 2;
    }
    return breaking(values.from, values.to);
  }
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  },
);
