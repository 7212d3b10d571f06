export { createDb, openPglite } from './db.js';
export type { CreateDbOptions, Db, DbHandle } from './db.js';
export { listen } from './http.js';
export type { SqlSession } from './session.js';
export type { Listening } from './http.js';
export { createErrorMasker, UserInputError } from './errors.js';
export { EnvReader } from './env.js';
export { graphqlEndpoint, serveSubgraph } from './serve.js';
export type { GraphQLEndpoint, ServeOptions } from './serve.js';
