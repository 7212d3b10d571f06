export { createDb, openPglite } from './db.js';
export type { CreateDbOptions, Db, DbHandle } from './db.js';
export { listen } from './http.js';
export type { SqlSession } from './session.js';
export type { Listening } from './http.js';
export {
  createErrorMasker,
  DATA_SOURCE_UNAVAILABLE,
  isDataSourceUnavailable,
  isStatementTimeout,
  ROW_LIMIT,
  STATEMENT_TIMEOUT,
  UserInputError,
} from './errors.js';
export { abortWhenClientLeaves, currentRequestSignal } from './cancel.js';
export { EnvReader } from './env.js';
export { graphqlEndpoint, serveSubgraph } from './serve.js';
export type { GraphQLEndpoint, ServeOptions } from './serve.js';
export { createVerifier, secretProblems, signRequest } from './signing.js';
export { openConfiguredDb, readServiceConfig, runService, signingFrom } from './service.js';
export type { ServiceConfig } from './service.js';
