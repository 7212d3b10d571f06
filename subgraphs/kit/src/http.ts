import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

export interface Listening {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Listens on host:port (0 picks a free port). Keep-alive outlasts the gateway's idle sockets: with
 * Node's default 5 s the gateway sees sporadic ECONNRESET on reused connections.
 */
export function listen(app: Express, port: number, host = '127.0.0.1', path = '/graphql'): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({
        url: `http://${shownHost}:${actual}${path}`,
        port: actual,
        server,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
