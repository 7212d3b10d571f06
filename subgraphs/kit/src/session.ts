import { Readable, type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Sql, TransactionSql } from 'postgres';
import { serviceLogger } from './log.js';
import { sqlSpan } from './tracing.js';

/**
 * Raw SQL inside one transaction, with COPY FROM STDIN, for set-wise work (bulk imports) where a
 * query builder only gets in the way. `$1`-style parameters on both drivers.
 */
export interface SqlSession {
  query<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it affected (no rows travel back). */
  execute(text: string, params?: unknown[]): Promise<number>;
  /**
   * Runs `COPY … FROM STDIN …` fed by `source`. On postgres.js the bytes stream through with
   * back-pressure (memory stays flat); PGlite takes COPY input only as one blob, so there the
   * input is gathered first (the embedded demo's imports are small). `transforms` run in between,
   * in one pipeline, so an error in any of them fails the COPY cleanly.
   */
  copyFrom(copySql: string, source: Readable | AsyncIterable<Uint8Array | string>, ...transforms: Transform[]): Promise<void>;
  /**
   * Runs `COPY (…) TO STDOUT …` and hands its output over chunk by chunk (text format: one row a
   * line). On postgres.js it streams with back-pressure; PGlite writes COPY output only as one
   * blob, so there the whole output is held at once (the embedded demo's scans are small).
   */
  copyTo(copySql: string): AsyncIterable<Uint8Array>;
}

/** drizzle installs string serializers for dates on its postgres.js client: send dates as ISO text. */
const plain = (params: unknown[]) => params.map((p) => (p instanceof Date ? p.toISOString() : p));

/** `MIGFED_SQL_TIMING=1`: every statement of a session, with its time, on stderr (where does an import spend its time?). */
const TIMING = process.env.MIGFED_SQL_TIMING === '1';

/** Each statement of a session is also a span (named by its kind, see tracing.ts) when a traced request runs it. */
async function timed<T>(text: string, run: () => Promise<T>): Promise<T> {
  const span = sqlSpan(text);
  if (!TIMING && !span) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    span?.end();
    if (TIMING)
      serviceLogger('sql').info(
        { ms: Math.round(performance.now() - started), statement: text.replace(/\s+/g, ' ').slice(0, 140) },
        'statement',
      );
  }
}

/** A COPY TO stream, timed from its start to its last chunk. */
async function* timedStream(text: string, stream: () => AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const started = performance.now();
  try {
    yield* stream();
  } finally {
    if (TIMING) console.error(`[sql ${Math.round(performance.now() - started)} ms] ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
  }
}

export function postgresSession(client: Sql): <T>(fn: (s: SqlSession) => Promise<T>) => Promise<T> {
  return async (fn) =>
    (await client.begin(async (tx: TransactionSql) =>
      fn({
        query: async (text, params = []) => timed(text, async () => (await tx.unsafe(text, plain(params) as never[])) as never),
        execute: async (text, params = []) => timed(text, async () => (await tx.unsafe(text, plain(params) as never[])).count),
        copyFrom: async (copySql, source, ...transforms) =>
          timed(copySql, async () => {
            const writable = await tx.unsafe(copySql).writable();
            await pipeline([source instanceof Readable ? source : Readable.from(source), ...transforms, writable]);
          }),
        copyTo: (copySql) =>
          timedStream(copySql, async function* () {
            const readable = (await tx.unsafe(copySql).readable()) as Readable;
            yield* readable;
            // postgres.js pauses its socket when the stream's buffer is full and resumes it only from
            // the stream's read(); a pause on the last chunk would leave the transaction's next
            // statement waiting for ever, so resume it once the stream has ended.
            readable._read(0);
          }),
      }),
    )) as never;
}

async function gather(source: Readable | AsyncIterable<Uint8Array | string>, transforms: Transform[]): Promise<Blob> {
  const parts: Uint8Array[] = [];
  await pipeline([
    source instanceof Readable ? source : Readable.from(source),
    ...transforms,
    new Writable({
      write(chunk: Uint8Array, _encoding, done) {
        parts.push(chunk);
        done();
      },
    }),
  ]);
  return new Blob(parts);
}

export function pgliteSession(pglite: PGlite): <T>(fn: (s: SqlSession) => Promise<T>) => Promise<T> {
  return (fn) =>
    pglite.transaction((tx: Transaction) =>
      fn({
        query: async (text, params = []) => (await tx.query(text, params as unknown[])).rows as never,
        execute: async (text, params = []) => (await tx.query(text, params as unknown[])).affectedRows ?? 0,
        copyFrom: async (copySql, source, ...transforms) => {
          const blob = await gather(source, transforms);
          await tx.query(copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob });
        },
        copyTo: (copySql) =>
          (async function* () {
            const { blob } = await tx.query(copySql.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'"));
            if (blob) yield new Uint8Array(await blob.arrayBuffer());
          })(),
      }),
    );
}
