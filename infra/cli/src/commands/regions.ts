import { listRegions, loadRegion, runningDemos } from '@migfed/schema';

/** `migfed regions`: what the region files say, so a focal point can check its subgraph URL. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: npm run migfed -- regions\n\nLists each region, its registry and every member subgraph URL, and those of running demos.',
    );
    return 0;
  }
  for (const id of listRegions()) {
    const region = loadRegion(id);
    console.log(`${region.id}: ${region.name}\n  registry  ${region.registry.url}`);
    for (const m of region.members) console.log(`  ${m.iso3}       ${m.url}  (${m.agency})`);
  }
  // What the commands use instead of the region files while a demo runs (on any --port).
  for (const demo of runningDemos()) {
    console.log(`running demo (${demo.region}, pid ${demo.pid}): gateway ${demo.gatewayUrl}\n  registry  ${demo.registryUrl}`);
    for (const [iso3, url] of Object.entries(demo.memberUrls)) console.log(`  ${iso3}       ${url}`);
  }
  return 0;
}
