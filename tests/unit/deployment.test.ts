// No container engine runs here, so the image and compose files are checked for what can be checked
// without one: they parse, the files and scripts they name exist, every environment variable they set
// is one the role's own configuration reads, and that configuration accepts what they set.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../gateway/src/config.js';
import { readConfig as countryConfig } from '../../subgraphs/country/src/config.js';
import { readConfig as providerConfig } from '../../subgraphs/provider/src/config.js';
import { readConfig as registryConfig } from '../../subgraphs/registry/src/config.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Env = Record<string, string | undefined>;
interface Service {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

/** Runs a role's configuration reader on `env` and lists every variable it looked at. */
function readsOf(role: string, env: Env): { names: Set<string>; error?: string } {
  const names = new Set<string>();
  const spy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') names.add(key);
      return target[key as string];
    },
  });
  const readers: Record<string, (e: Env) => unknown> = {
    country: countryConfig,
    registry: registryConfig,
    provider: providerConfig,
    gateway: (e) => {
      const parsed = parseConfig(e);
      if (parsed.errors) throw new Error(parsed.errors.join('; '));
    },
  };
  try {
    readers[role]!(spy);
    return { names };
  } catch (err) {
    return { names, error: (err as Error).message };
  }
}

/** Sample values for `${VAR:?…}`/`${VAR:-…}` references, as an operator's .env would give them. */
const operatorEnv: Env = {
  COUNTRY: 'MDA',
  POSTGRES_PASSWORD: 'a-password',
  SUBGRAPH_SIGNING_SECRET: 'the-gateways-master-secret-of-32-characters-0123',
  SUBGRAPH_SIGNING_KEY: 'a-members-own-key-of-at-least-32-characters-0123',
  REGISTRY_SIGNING_KEY: 'the-registrys-own-key-of-at-least-32-characters-01',
  GATEWAY_INVALIDATE_URL: 'https://gateway.example/internal/invalidate',
};
// The files the secretariat mounts, stood in for by the committed ones.
const mounted: Record<string, string> = {
  './region.json': join(root, 'schema/regions/dsm.json'),
  './supergraph.graphql': join(root, 'schema/supergraph/dsm.graphql'),
};

function substitute(value: string): string {
  return value.replace(/\$\{(\w+)(?::[-?][^}]*)?\}/g, (_m, name: string) => operatorEnv[name] ?? '');
}

/** The environment a service's process sees: its variables with the operator's values and mounts. */
function serviceEnv(service: Service): Env {
  const env: Env = {};
  for (const [name, value] of Object.entries(service.environment ?? {})) env[name] = substitute(String(value));
  for (const volume of service.volumes ?? []) {
    const [source, target] = volume.split(':');
    if (source && target && mounted[source]) {
      for (const [name, value] of Object.entries(env)) if (value === target) env[name] = mounted[source];
    }
  }
  return env;
}

const composeFiles = ['infra/deploy/member.compose.yaml', 'infra/deploy/secretariat.compose.yaml'];
const ROLES = ['gateway', 'registry', 'country', 'provider'];

describe('the deployment files', () => {
  it.each(composeFiles)('%s: every migfed service sets exactly variables its role reads, and the role accepts them', (file) => {
    const doc = parse(read(file)) as { services: Record<string, Service> };
    const migfed = Object.entries(doc.services).filter(([, s]) => s.environment?.ROLE !== undefined);
    expect(migfed.length).toBeGreaterThan(0);
    for (const [name, service] of migfed) {
      const env = serviceEnv(service);
      const role = env.ROLE!;
      expect(ROLES, `${file}: ${name}`).toContain(role);
      const { names, error } = readsOf(role, env);
      expect(error, `${file}: ${name} is refused by its configuration`).toBeUndefined();
      const unread = Object.keys(env).filter((v) => v !== 'ROLE' && !names.has(v));
      expect(unread, `${file}: ${name} sets variables ${role} never reads`).toEqual([]);
      // The health check runs a script of the image, against the readiness endpoint.
      const [cmd, script, path] = service.healthcheck?.test.slice(1) ?? [];
      expect([cmd, path]).toEqual(['node', '/ready']);
      expect(existsSync(join(root, script!)), `${file}: ${name} health check script ${script}`).toBe(true);
      // The engine must wait longer than the service's own grace for running imports.
      const grace = Number(env.SHUTDOWN_GRACE_S ?? 30);
      expect(Number.parseInt(service.stop_grace_period ?? '10s', 10)).toBeGreaterThan(grace);
    }
  });

  it('the member node pairs its subgraph with its own PostgreSQL, and the secretariat its registry and gateway', () => {
    const member = parse(read(composeFiles[0]!)) as { services: Record<string, Service> };
    const secretariat = parse(read(composeFiles[1]!)) as { services: Record<string, Service> };
    const roles = (doc: { services: Record<string, Service> }) =>
      Object.values(doc.services)
        .map((s) => s.environment?.ROLE ?? s.image)
        .sort();
    expect(roles(member)).toEqual(['country', 'postgres:15']);
    expect(roles(secretariat)).toEqual(['gateway', 'postgres:15', 'registry']);
    expect(serviceEnv(member.services.subgraph!).DATABASE_URL).toMatch(/@postgres:5432\//);
  });

  it.each([
    ['gateway', 'gateway/.env.example'],
    ['country', 'subgraphs/country/.env.example'],
    ['registry', 'subgraphs/registry/.env.example'],
    ['provider', 'subgraphs/provider/.env.example'],
  ])('%s: every variable of %s is one its configuration reads', (role, file) => {
    const names = [...read(file).matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(3);
    const { names: reads } = readsOf(role, { COUNTRY: 'MDA', PROVIDER: 'unhcr' });
    expect(names.filter((n) => !reads.has(n))).toEqual([]);
  });

  it('the Dockerfile copies every workspace manifest, and the files and scripts it runs exist', () => {
    const dockerfile = read('Dockerfile');
    const copies = [...dockerfile.matchAll(/^COPY (\S+(?: \S+)*) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    for (const source of copies.filter((s) => s !== '.')) expect(existsSync(join(root, source)), `COPY ${source}`).toBe(true);
    // A manifest left out makes `pnpm install --frozen-lockfile` fail inside the build.
    const workspace = parse(read('pnpm-workspace.yaml')) as { packages: string[] };
    const packages = workspace.packages.flatMap((p) =>
      p.endsWith('/*')
        ? readdirSync(join(root, p.slice(0, -2)), { withFileTypes: true })
            .filter((d) => d.isDirectory() && existsSync(join(root, p.slice(0, -2), d.name, 'package.json')))
            .map((d) => `${p.slice(0, -2)}/${d.name}`)
        : [p],
    );
    for (const pkg of packages) expect(copies, `Dockerfile copies ${pkg}/package.json`).toContain(`${pkg}/package.json`);
    for (const [, pkgName, script] of dockerfile.matchAll(/pnpm --filter (\S+) run (\S+)/g)) {
      const dir = packages.find((p) => JSON.parse(read(`${p}/package.json`)).name === pkgName);
      expect(dir, `a workspace package named ${pkgName}`).toBeDefined();
      expect(Object.keys(JSON.parse(read(`${dir}/package.json`)).scripts ?? {})).toContain(script);
    }
    const pinned = (JSON.parse(read('package.json')) as { packageManager: string }).packageManager;
    expect(dockerfile).toContain(`npm install -g ${pinned}`);
    const entry = /^ENTRYPOINT \["node", "([^"]+)"\]/m.exec(dockerfile)?.[1];
    expect(entry && existsSync(join(root, entry))).toBe(true);
  });

  it('the entry point runs each role’s program and refuses an unknown ROLE by naming the roles', async () => {
    const { ROLE_MAINS } = (await import(join(root, 'infra/deploy/start.mjs'))) as { ROLE_MAINS: Record<string, string> };
    expect(Object.keys(ROLE_MAINS).sort()).toEqual([...ROLES].sort());
    for (const program of Object.values(ROLE_MAINS)) expect(existsSync(join(root, program)), program).toBe(true);
    const refused = spawnSync('node', [join(root, 'infra/deploy/start.mjs')], {
      env: { ...process.env, ROLE: 'router' },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('ROLE must be one of gateway, registry, country, provider, got "router"');
  });
});
