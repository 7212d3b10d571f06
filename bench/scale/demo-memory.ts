// The demo's resident memory: `npm start`'s process (registry, every member, providers and
// gateway on one embedded PGlite) started on a fresh data folder in a child process, read from /proc
// once it says it is ready. PGlite alone takes ≈ 0.8 GiB, so that is most of it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegion } from '@migfed/schema';
import { freePort, startNode, waitForLine } from '../gateway/processes.js';
import { peakRssMiB, rssMiB } from '../gateway/procstat.js';

export async function demoMemory(log: (line: string) => void) {
  const dir = await mkdtemp(join(tmpdir(), 'migfed-demo-mem-'));
  // The demo takes port, port+1, port+101… and port+201…: pick a base whose neighbours are free too.
  const port = 20_000 + ((await freePort()) % 20_000);
  log(`starting the demo on a fresh PGlite folder (seeds its data first) …`);
  const started = performance.now();
  const demo = startNode('demo', ['--import', 'tsx', 'infra/demo/src/main.ts', '--port', String(port), '--data-dir', dir], {});
  try {
    await waitForLine(demo, /^Ready\.$/, 600_000);
    const readyS = Math.round((performance.now() - started) / 100) / 10;
    await new Promise((r) => setTimeout(r, 1_000)); // let start-up garbage be collected
    return { members: loadRegion('dsm').members.length, rssMiB: rssMiB(demo.pid), peakMiB: peakRssMiB(demo.pid), readyS };
  } finally {
    await demo.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
