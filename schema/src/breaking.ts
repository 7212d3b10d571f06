import { Supergraph } from '@apollo/federation-internals';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';

export interface SchemaChanges {
  /** Changes that can break a query that works today (a field removed, a type changed, …). */
  breaking: string[];
  /** Changes that may surprise a client without breaking it (a new member of an interface, …). */
  dangerous: string[];
  safe: string[];
}

/** The schema clients see: the supergraph without its federation machinery (join__*, link__*). */
function apiSchemaOf(supergraphSdl: string) {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * What changes for clients between two supergraphs, by @graphql-inspector/core on their API schemas:
 * the check a secretariat runs before rolling out a new membership or contract (docs/joining.md).
 */
export async function supergraphChanges(beforeSdl: string, afterSdl: string): Promise<SchemaChanges> {
  const changes = await diff(apiSchemaOf(beforeSdl), apiSchemaOf(afterSdl));
  const of = (level: CriticalityLevel) => changes.filter((c: Change) => c.criticality.level === level).map((c) => c.message);
  return {
    breaking: of(CriticalityLevel.Breaking),
    dangerous: of(CriticalityLevel.Dangerous),
    safe: of(CriticalityLevel.NonBreaking),
  };
}
