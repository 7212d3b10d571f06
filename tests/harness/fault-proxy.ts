// An HTTP hop in front of a real subgraph whose behaviour a test switches at will: pass
// through, hold each request (a slow link), or answer 500 with an HTML page as a crashed app server
// would. Unlike slow-proxy.ts it forwards every header, so signed requests still verify.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'status'; status: number; body: string };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startFaultProxy(targetOrigin: string) {
  let mode: FaultMode = { kind: 'pass' };
  let requests = 0;
  const requestIds: string[] = [];
  const server = createServer(async (req, res) => {
    requests += 1;
    const id = req.headers['x-request-id'];
    if (typeof id === 'string') requestIds.push(id);
    const body = await readBody(req);
    const current = mode;
    if (current.kind === 'status') {
      res.writeHead(current.status, { 'content-type': 'text/html' }).end(current.body);
      return;
    }
    if (current.kind === 'delay') await new Promise((r) => setTimeout(r, current.ms));
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)) as [string, string][]);
      const upstream = await fetch(new URL(req.url ?? '/', targetOrigin), {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.destroy(); // the member behind it is down: the gateway sees a reset connection
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    set(next: FaultMode) {
      mode = next;
    },
    /** Requests that reached this hop so far (to see whether the gateway skipped the member). */
    get requests() {
      return requests;
    },
    /** The x-request-id of each request that carried one, in order of arrival. */
    get requestIds(): readonly string[] {
      return requestIds;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
