import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeRegion, composeSupergraph, regionSubgraphs } from './compose.js';
import { checkContract } from './contract-check.js';
import { listRegions, loadRegion } from './regions.js';
import { countrySdl, registrySdl } from './sdl.js';
import { supergraphPath } from './supergraph-file.js';

describe('composition of the shipped regions', () => {
  it.each(listRegions())('%s composes under Apollo (no hints) and Guild', (id) => {
    const result = composeSupergraph(regionSubgraphs(loadRegion(id)), { crossCheck: true });
    expect(result.errors).toBeUndefined();
    for (const member of loadRegion(id).members) expect(result.supergraphSdl).toContain(`type ${member.iso3} implements Country`);
  });

  it.each(listRegions())('the committed supergraph of %s is up to date (npm run compose)', (id) => {
    expect(readFileSync(supergraphPath(id), 'utf8')).toBe(composeRegion(loadRegion(id)));
  });

  it('names the member whose SDL drifts from the contract', () => {
    const region = loadRegion('dsm');
    const subgraphs = regionSubgraphs(region).map((s) =>
      s.name === 'country_geo'
        ? { ...s, typeDefs: s.typeDefs.replace('type Observation @shareable {', 'type Observation @shareable {\n  note: String!') }
        : s,
    );
    const result = composeSupergraph(subgraphs);
    expect(result.errors?.join('\n')).toMatch(/country_geo/);
  });

  it('fails when two members disagree on a shared value type', () => {
    const region = loadRegion('siemmes');
    const subgraphs = regionSubgraphs(region).map((s) =>
      s.name === 'country_mex' ? { ...s, typeDefs: s.typeDefs.replace('  value: Float\n', '  value: Int\n') } : s,
    );
    const result = composeSupergraph(subgraphs);
    expect(result.errors?.join('\n')).toMatch(/Observation\.value/);
    expect(result.errors?.join('\n')).toMatch(/country_mex/);
  });
});

describe('contract check', () => {
  it('accepts the generated SDL', () => {
    expect(checkContract('country_mda', countrySdl('MDA'), countrySdl('MDA'))).toEqual([]);
  });

  it('lists every difference with subgraph, type and field', () => {
    const drifted = countrySdl('MDA')
      .replace(
        'observations(indicator: ID!, from: String, to: String, filter: [DimensionFilter!], asOf: DateTime, frequency: Frequency): [Observation!]\n  breakdown',
        'observations(indicator: ID!): [Observation!]!\n  breakdown',
      )
      .replace('  "The national release (publication) the figure came from."\n  release: String\n', '');
    const problems = checkContract('country_mda', drifted, countrySdl('MDA'));
    expect(problems).toContain(
      'country_mda: MDA.observations is observations(indicator: ID!): [Observation!]!, the contract says observations(indicator: ID!, from: String, to: String, filter: [DimensionFilter!], asOf: DateTime, frequency: Frequency): [Observation!]',
    );
    expect(problems).toContain('country_mda: Observation.release is missing (contract: release: String)');
  });

  it('rejects a type name that is not an ISO3 code', () => {
    expect(() => countrySdl('Moldova')).toThrow(/ISO 3166-1 alpha-3/);
    expect(() => registrySdl(['MDA', 'md'])).toThrow(/"md"/);
  });
});
