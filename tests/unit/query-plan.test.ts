// the report query plans as one registry fetch followed by one parallel fetch
// per member. Planned on the committed supergraph files, exactly what production serves.
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type SubscriptionNode } from '@apollo/query-planner';
import { listRegions, loadRegion, supergraphPath } from '@migfed/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';

const REPORT = `{ countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") { period value } } }`;

function plan(region: string, query: string): PlanNode | SubscriptionNode | undefined {
  const supergraph = Supergraph.build(readFileSync(supergraphPath(region), 'utf8'));
  const planner = new QueryPlanner(supergraph);
  return planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))).node;
}

describe.each(listRegions())('query plan of the regional report, %s', (region) => {
  it('is one registry fetch, then one parallel fetch per member', () => {
    const node = plan(region, REPORT);
    expect(node?.kind).toBe('Sequence');
    if (node?.kind !== 'Sequence') return;
    const [first, second, ...rest] = node.nodes;
    expect(rest).toHaveLength(0);
    expect(first).toMatchObject({ kind: 'Fetch', serviceName: 'registry' });
    expect(second?.kind).toBe('Parallel');
    if (second?.kind !== 'Parallel') return;
    const fetched = second.nodes.map((n) => (n.kind === 'Flatten' && n.node.kind === 'Fetch' ? n.node.serviceName : n.kind));
    const expected = loadRegion(region).members.map((m) => `country_${m.iso3.toLowerCase()}`);
    expect(fetched.sort()).toEqual(expected.sort());
  });
});
