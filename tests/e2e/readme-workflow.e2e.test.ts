// The README's focal-point workflow, run as written against a fresh demo (`npm start`'s entry point
// on an embedded PGlite): its example file and every `npm run migfed -- …` line are taken from
// README.md. The one change: each command gets `--url` of the demo's MDA subgraph, because this
// demo listens on ports of its own (the README's demo on 4000 may be running on this machine).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadRegion } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const PORT = 24_600;

/** The example file the README names `mda-2024.csv`. */
const exampleFile = /An example \(`mda-2024\.csv`\)[\s\S]*?```csv\n([\s\S]*?)```/.exec(readme)![1]!;
/** The commands of "The workflow, against the demo", one per line, without comments. */
const workflow = /### The workflow, against the demo\n\n```sh\n([\s\S]*?)```/
  .exec(readme)![1]!
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Splits a shell line into words the way sh would for these commands (double quotes only). */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

function run(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // What `npm run migfed --` runs, with INIT_CWD set as npm sets it (paths are the user's).
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'infra/cli/src/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env, INIT_CWD: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('the README focal-point workflow against a fresh demo', () => {
  let demo: ChildProcess | undefined;
  let dataDir: string;
  let workDir: string;
  let gateway: string;
  const mda = `http://127.0.0.1:${PORT + 101 + loadRegion('dsm').members.findIndex((m) => m.iso3 === 'MDA')}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'migfed-readme-demo-'));
    workDir = await mkdtemp(join(tmpdir(), 'migfed-readme-work-'));
    await writeFile(join(workDir, 'mda-2024.csv'), exampleFile);
    const proc = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['infra/demo/src/main.ts', '--port', String(PORT), '--data-dir', dataDir],
      { cwd: root, env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    demo = proc;
    let output = '';
    gateway = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /GraphQL\s+(http:\/\/\S+)/.exec(output);
        if (m && output.includes('Ready.')) resolve(m[1]!);
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`demo exited with ${code} before it was ready:\n${output}`)));
    });
  }, 240_000);

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      const exited = new Promise((r) => demo?.once('exit', r));
      demo.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs every command as written, and readers then see the final table, the earlier one with asOf', { timeout: 300_000 }, async () => {
    expect(workflow[0]).toBe('npm start');
    const env: Record<string, string> = {};
    const outputs: string[] = [];
    for (const line of workflow.slice(1)) {
      const exported = /^export (\w+)=/.exec(line);
      if (exported) {
        // The README shows the token elided (`mf_mda_…`): the one `token create` printed is used.
        expect(env[exported[1]!], line).toBeDefined();
        continue;
      }
      const [npm, verb, script, dashes, ...args] = words(line);
      expect([npm, verb, script, dashes], line).toEqual(['npm', 'run', 'migfed', '--']);
      const out = await run([...args, '--url', mda], workDir, env);
      expect(out.code, `${line}\n${out.stdout}\n${out.stderr}`).toBe(0);
      outputs.push(out.stdout);
      const token = /export MIGFED_TOKEN=(\S+)/.exec(out.stdout)?.[1];
      if (token) env.MIGFED_TOKEN = token;
    }
    const [, dryRun, , review] = outputs;
    // The dry run lists what the release withdraws: the demo's sex × citizenship cells of 2024.
    expect(dryRun).toMatch(/withdrawn when published \(16 cells/);
    expect(dryRun).toMatch(/WORK_PERMITS_ISSUED 2024 CITIZENSHIP=ISR SEX=F: 36 \(2024 annual\)/);
    expect(dryRun).toMatch(/Dry run: nothing was written/);
    expect(review).toMatch(/WORK_PERMITS_ISSUED 2024 total: 4217 \(P, 2024 annual\) → 4210 \(A\)/);
    expect(review).toMatch(/withdrawn \(16 cells/);

    const res = await gql(
      gateway,
      `{ country(iso3: "MDA") {
          now: observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", filter: [{ dimension: "SEX", codes: ["_T", "F", "M"] }]) { value release }
          cited: observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", asOf: "2025-04-01T00:00:00Z") { value release }
          cross: observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", filter: [{ dimension: "SEX", codes: ["F"] }, { dimension: "CITIZENSHIP", codes: ["UKR", "ISR"] }]) { value }
          history(indicator: "WORK_PERMITS_ISSUED", period: "2024", filter: [{ dimension: "SEX", codes: ["F"] }, { dimension: "CITIZENSHIP", codes: ["ISR"] }]) { release validTo }
        } }`,
    );
    expect(res.errors).toBeUndefined();
    const mdaData = res.data.country;
    expect(mdaData.now).toEqual([
      { value: 912, release: '2024 final' },
      { value: 3298, release: '2024 final' },
      { value: 4210, release: '2024 final' },
    ]);
    expect(mdaData.cited).toEqual([{ value: 4217, release: '2024 annual' }]);
    expect(mdaData.cross).toEqual([]);
    expect(mdaData.history).toEqual([{ release: '2024 annual', validTo: expect.any(String) }]);
  });
});
