// The SDMX REST API at /sdmx: the federated graph as an SDMX data source (see the README,
// "SDMX REST API"). Every request becomes GraphQL operations run in-process by the gateway's own
// Apollo Server, so query limits, member timeouts and partial answers apply as on /graphql.
import type { ApolloServer } from '@apollo/server';
import { Router } from 'express';
import type { ResponseCache } from '../cache/response-cache.js';
import { structureSource } from './catalog.js';
import { data21Handler, data30Handler, resolveFlow } from './data-routes.js';
import { notImplemented } from './errors.js';
import { executorOf } from './execute.js';
import { sendError } from './respond.js';
import { availabilityHandler, schemaHandler, structureHandler } from './structure-routes.js';

export interface SdmxOptions {
  /** How long the catalog read from the registry is kept (default 60 s). */
  catalogTtlMs?: number;
}

export interface SdmxDeps {
  server: ApolloServer;
  cache: ResponseCache | undefined;
  clientMaxAgeS: number;
  log: Pick<Console, 'error'>;
}

const STRUCTURES = ['dataflow', 'datastructure', 'codelist', 'conceptscheme'];

export function sdmxRouter(deps: SdmxDeps, options: SdmxOptions = {}): Router {
  const execute = executorOf(deps.server);
  const common = {
    structures: structureSource(execute, options.catalogTtlMs),
    execute,
    cache: { cache: deps.cache, clientMaxAgeS: deps.clientMaxAgeS },
    log: deps.log,
  };
  const router = Router();
  for (const type of STRUCTURES) {
    router.get(
      [`/2.1/${type}`, `/2.1/${type}/:agency`, `/2.1/${type}/:agency/:id`, `/2.1/${type}/:agency/:id/:version`],
      structureHandler(common, type),
    );
  }
  router.get(
    [
      '/2.1/availableconstraint/:flow',
      '/2.1/availableconstraint/:flow/:key',
      '/2.1/availableconstraint/:flow/:key/:provider',
      '/2.1/availableconstraint/:flow/:key/:provider/:componentID',
    ],
    availabilityHandler(common, resolveFlow),
  );
  router.get(['/2.1/schema/:context/:agency/:id', '/2.1/schema/:context/:agency/:id/:version'], schemaHandler(common));
  router.get(['/2.1/data/:flow', '/2.1/data/:flow/:key', '/2.1/data/:flow/:key/:provider'], data21Handler(common));
  router.get(['/3.0/data/dataflow/:agency/:id/:version', '/3.0/data/dataflow/:agency/:id/:version/:key'], data30Handler(common));
  // The rest of the standard (metadata, schemas, other structure types, SDMX 3.0 structures): 501.
  router.use((req, res) => {
    const known = /^\/(2\.1|3\.0)\//.test(req.path);
    if (known && req.method === 'GET') return sendError(res, notImplemented(`${req.path}`), 'xml', deps.log);
    res.status(404).type('text/plain').send('Not found: the SDMX REST API is under /sdmx/2.1/ and /sdmx/3.0/ (see the README).\n');
  });
  return router;
}
