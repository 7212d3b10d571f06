export { createDb, openPglite } from './db.js';
export { assertDataDirFree, DataDirLocked, lockDataDir } from './data-dir-lock.js';
export type { CreateDbOptions, Db, DbHandle } from './db.js';
export { listen } from './http.js';
export type { ListenOptions } from './http.js';
export { jsonErrorHandler } from './json-errors.js';
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
export type { GraphQLEndpoint, ServeOptions, SubgraphSigning } from './serve.js';
export {
  createVerifier,
  deriveSubgraphKey,
  GATEWAY_AUDIENCE,
  SIGNER_HEADER,
  secretProblems,
  signRequest,
  subgraphKeys,
} from './signing.js';
export { databaseAnswers, openConfiguredDb, readServiceConfig, runService, signingFrom, signingWithMaster } from './service.js';
export type { ServiceConfig } from './service.js';
