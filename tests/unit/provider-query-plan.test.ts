// a report over every member asking national figures and UNHCR's plans as one
// registry fetch, then one parallel fetch per member plus ONE provider fetch for all members;
// the side-by-side comparison adds one provider fetch after the members' (it @requires their figures).
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type PlanNode, QueryPlanner } from '@apollo/query-planner';
import { listRegions, loadRegion, supergraphPath } from '@migfed/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';

const SIDE_BY_SIDE = `{ countries { iso3 name
  observations(indicator: "ASYLUM_APPLICATIONS", from: "2022", to: "2022") { period value }
  unhcr { asylumApplications(year: 2022) } } }`;
const COMPARISON = `{ countries { iso3 asylumApplicationsComparison(year: 2022) { national unhcr difference newer } } }`;

function plan(region: string, query: string): PlanNode | undefined {
  const supergraph = Supergraph.build(readFileSync(supergraphPath(region), 'utf8'));
  const node = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))).node;
  return node?.kind === 'Subscription' ? undefined : node;
}

/** Service names of the fetches of a plan level: a Fetch, Flatten(Fetch) or a Parallel of them. */
function services(node: PlanNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'Fetch') return [node.serviceName];
  if (node.kind === 'Flatten') return services(node.node);
  if (node.kind === 'Parallel') return node.nodes.flatMap(services);
  return [node.kind];
}

describe.each(listRegions())('query plans with the UNHCR provider, %s', (region) => {
  const members = loadRegion(region).members.map((m) => `country_${m.iso3.toLowerCase()}`);

  it('national and UNHCR figures for every member: registry, then members and ONE provider fetch in parallel', () => {
    const node = plan(region, SIDE_BY_SIDE);
    expect(node?.kind).toBe('Sequence');
    if (node?.kind !== 'Sequence') return;
    expect(node.nodes).toHaveLength(2);
    expect(services(node.nodes[0])).toEqual(['registry']);
    expect(services(node.nodes[1]).sort()).toEqual([...members, 'provider_unhcr'].sort());
  });

  it('the comparison: registry, members in parallel, then ONE provider fetch with their figures', () => {
    const node = plan(region, COMPARISON);
    expect(node?.kind).toBe('Sequence');
    if (node?.kind !== 'Sequence') return;
    expect(node.nodes.map(services)).toEqual([['registry'], expect.arrayContaining(members), ['provider_unhcr']]);
    expect(services(node.nodes[1])).toHaveLength(members.length);
  });
});
