import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  url: string;
  port: number;
  server: Server;
  /** True from the moment stop() is called: readiness answers 503 so a balancer sends no more. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, lets running requests finish for up to `graceMs` (default: the
   * one given to listen), then cuts what is still running. An import cut this way rolls back: it
   * commits in one transaction or not at all.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  /** Shown in `url` (default /graphql). */
  path?: string;
  /** How long stop() waits for running requests, e.g. an upload (default 10 s). */
  graceMs?: number;
}

/**
 * The one way every service (gateway and subgraphs) listens: on host:port (0 picks a free port),
 * with keep-alive above the usual 60 s idle timeout of load balancers and of the gateway's own
 * sockets (with Node's default 5 s the gateway sees sporadic ECONNRESET on reused connections), and
 * a stop that drains instead of dropping requests.
 */
export function listen(target: Express | Server, port: number, host = '127.0.0.1', options: ListenOptions = {}): Promise<Listening> {
  const server = 'listen' in target && 'address' in target ? (target as Server) : createServer(target as Express);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let idle: (() => void) | undefined;
  // Ahead of the app's own listener, so the header below is set before any handler answers.
  server.prependListener('request', (_req, res) => {
    inFlight.add(res);
    // While draining, a kept-alive socket must not take another request after this one.
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) server.closeIdleConnections();
      if (inFlight.size === 0) idle?.();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      const closed = new Promise<void>((done) => server.once('close', () => done()));
      let stopping: Promise<void> | undefined;
      const stop = (graceMs = options.graceMs ?? 10_000): Promise<void> => {
        stopping ??= (async () => {
          draining = true;
          server.close();
          server.closeIdleConnections();
          if (inFlight.size > 0) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((done) => {
              idle = done;
              timer = setTimeout(done, graceMs);
            });
            clearTimeout(timer);
          }
          server.closeAllConnections();
          await closed;
        })();
        return stopping;
      };
      resolve({
        url: `http://${shownHost}:${actual}${options.path ?? '/graphql'}`,
        port: actual,
        server,
        get draining() {
          return draining;
        },
        stop,
      });
    });
  });
}
