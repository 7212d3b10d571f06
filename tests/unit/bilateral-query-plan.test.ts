// The bilateral matrix is ONE federated query: one registry fetch, then one fetch per member
// (both sides of the pair in it) and, for a third opinion, one fetch of its provider. Planned on the
// committed DSM supergraph, with the pairs as the catalog declares them.
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type SubscriptionNode } from '@apollo/query-planner';
import { loadCatalog, loadRegion, supergraphPath } from '@migfed/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type MirrorPairDef, matrixQuery } from '../../gateway/reports/app/bilateral-matrix.js';

const supergraph = Supergraph.build(readFileSync(supergraphPath('dsm'), 'utf8'));
const planner = new QueryPlanner(supergraph);

/** Every fetch of a plan, by subgraph name, in plan order. */
function fetches(node: PlanNode | SubscriptionNode | undefined): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
      return [node.serviceName];
    case 'Flatten':
      return fetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.flatMap(fetches);
    default:
      throw new Error(`unexpected plan node ${node.kind}`);
  }
}

/** The registry's shape of a catalog pair, as the page receives it. */
function pairOf(id: string): MirrorPairDef {
  const catalog = loadCatalog();
  const p = catalog.mirrorPairs.find((x) => x.id === id)!;
  const side = (s: NonNullable<typeof p.origin>) => ({
    indicator: { code: s.indicator, frequency: catalog.indicator(s.indicator)!.frequency },
    partnerDimension: s.partnerDimension,
    fixed: Object.entries(s.fixed).map(([dimension, code]) => ({ dimension, code })),
  });
  return { id, name: p.name, origin: p.origin ? side(p.origin) : null, destination: side(p.destination), thirdOpinion: p.thirdOpinion };
}

describe('query plan of the bilateral matrix', () => {
  const members = loadRegion('dsm').members.map((m) => `country_${m.iso3.toLowerCase()}`);

  it('LONG_TERM_MIGRATION: the registry once, then each member once', () => {
    const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(matrixQuery(pairOf('LONG_TERM_MIGRATION'))))).node;
    expect(fetches(plan).sort()).toEqual(['registry', ...members].sort());
  });

  it.each([
    ['ASYLUM_APPLICATIONS', 'provider_unhcr'],
    ['CITIZENS_ABROAD', 'provider_undesa'],
  ])('%s adds one fetch of %s for every member at once', (id, provider) => {
    const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(matrixQuery(pairOf(id))))).node;
    expect(fetches(plan).sort()).toEqual([provider, 'registry', ...members].sort());
  });
});
