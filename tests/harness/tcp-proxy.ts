// A TCP hop between a subgraph and its PostgreSQL, which a test can cut and restore: "the member
// lost its database" without stopping the server that other test files share. Cut, the
// port is closed (new connections are refused, as when the database server is down) and every
// open connection is dropped.
import { createServer, connect, type Server, type Socket } from 'node:net';

const listen = (server: Server, port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await listen(server, 0);
  const { port } = server.address() as { port: number };
  const dropAll = () => {
    for (const s of [...sockets]) s.destroy();
  };
  return {
    port,
    /** Rewrites a postgres:// URL to go through this hop. */
    route(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    /** Drops every open connection and refuses new ones until restore(). */
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropAll();
      }),
    restore: () => listen(server, port),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropAll();
      }),
  };
}
