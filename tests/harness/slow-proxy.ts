import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP hop that holds every request for `delayMs` before passing it to the real subgraph: a
 * slow cross-border link in front of a real country, without touching the country's code.
 */
export async function startSlowProxy(targetOrigin: string, delayMs: number) {
  let delay = delayMs;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    await new Promise((r) => setTimeout(r, delay));
    try {
      const upstream = await fetch(new URL(req.url ?? '/', targetOrigin), {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 ? { body } : {}),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    setDelay(ms: number) {
      delay = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
