// Answers and static files on the wire: brotli or gzip as the client accepts, the same bytes once
// decoded, and nothing encoded for a client that accepts none (or a gateway with compression off).
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { composeSupergraph, countrySdl, registrySdl } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from './server.js';

let workDir: string;
let gateway: RunningGateway;
let plain: RunningGateway;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'migfed-compress-'));
  // The gateway never calls these URLs here: introspection and pages are its own.
  const composed = composeSupergraph([
    { name: 'registry', url: 'http://127.0.0.1:9/graphql', typeDefs: registrySdl(['MDA']) },
    { name: 'country_mda', url: 'http://127.0.0.1:9/graphql', typeDefs: countrySdl('MDA') },
  ]);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  const common = { supergraphSdl: composed.supergraphSdl, port: 0, explorer: false as const, reports: { dir: join(workDir, 'reports') } };
  gateway = await startGateway(common);
  plain = await startGateway({ ...common, compression: false });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await plain?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** One request with exactly this Accept-Encoding (fetch would add its own and decode). */
function raw(url: string, acceptEncoding: string, body?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: body ? 'POST' : 'GET',
        headers: { 'accept-encoding': acceptEncoding, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

const decode = (r: { headers: Record<string, unknown>; body: Buffer }) =>
  r.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? gunzipSync(r.body)
      : r.body;

const INTROSPECTION = JSON.stringify({ query: '{ __schema { types { name fields { name } } } }' });

describe('compression', () => {
  it('sends the report builder’s script brotli- or gzip-encoded as accepted, the same once decoded', async () => {
    const url = `${gateway.url}/reports/app.js`;
    const identity = await raw(url, 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await raw(url, accept);
      expect([accept, res.headers['content-encoding'], res.headers['content-type']]).toEqual([
        accept,
        encoding,
        expect.stringMatching(/javascript/),
      ]);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.body.length).toBeLessThan(identity.body.length / 2);
      expect(decode(res).equals(identity.body)).toBe(true);
    }
    // The page keeps its own headers when served precompressed.
    const page = await raw(`${gateway.url}/reports/`, 'br');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(decode(page).toString()).toContain('<script');
  });

  it('compresses GraphQL answers, and leaves them alone for a client that accepts no encoding', async () => {
    const url = `${gateway.url}/graphql`;
    const br = await raw(url, 'br, gzip', INTROSPECTION);
    expect(br.headers['content-encoding']).toBe('br');
    const types = JSON.parse(decode(br).toString()).data.__schema.types.map((t: { name: string }) => t.name);
    expect(types).toContain('Country');
    const none = await raw(url, 'identity', INTROSPECTION);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(none.body.toString())).toEqual(JSON.parse(decode(br).toString()));
    expect(br.body.length).toBeLessThan(none.body.length / 3);
  });

  it('can be turned off (for comparisons): nothing is encoded then', async () => {
    expect((await raw(`${plain.url}/graphql`, 'br, gzip', INTROSPECTION)).headers['content-encoding']).toBeUndefined();
    expect((await raw(`${plain.url}/reports/app.js`, 'br, gzip')).headers['content-encoding']).toBeUndefined();
  });
});
