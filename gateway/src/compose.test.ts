import { bilateralSubgraphUrl, checkContract, countrySdl, registrySdl } from '@migfed/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { composeFromSubgraphs, memberContract } from './compose.js';
import { deadUrl, startCountry, startRegistry, type FixtureSubgraph } from './testing/fixture-subgraphs.js';

const started: FixtureSubgraph[] = [];
async function start(...subgraphs: Promise<FixtureSubgraph>[]) {
  const list = await Promise.all(subgraphs);
  started.push(...list);
  return list.map(({ name, url }) => ({ name, url }));
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const members = [
  { iso3: 'MDA', name: 'Moldova' },
  { iso3: 'GEO', name: 'Georgia' },
];

describe('composeFromSubgraphs (dev: compose at start)', () => {
  it('composes a supergraph routing to every running subgraph that follows the contract', async () => {
    const subgraphs = await start(startRegistry(members), startCountry('MDA'), startCountry('GEO'));
    const contract = (name: string) => (name === 'registry' ? registrySdl(['MDA', 'GEO']) : memberContract(name));
    const supergraph = await composeFromSubgraphs(subgraphs, { contract });
    for (const s of subgraphs) expect(supergraph).toContain(`@join__graph(name: "${s.name}", url: "${s.url}")`);
    // The gateway's own subgraph (bilateralMatrix) is composed in without being fetched.
    expect(supergraph).toContain(`@join__graph(name: "bilateral", url: "${bilateralSubgraphUrl}")`);
    expect(supergraph).toMatch(/bilateralMatrix\(pair: ID!, period: String!, members: \[ID!\]\): BilateralMatrix/);
  });

  it('refuses a country whose subgraph drifted from the contract, naming it and the field', async () => {
    const drifted = countrySdl('GEO').replaceAll('[Observation!]\n', '[Observation!]!\n');
    expect(drifted).not.toBe(countrySdl('GEO'));
    const subgraphs = await start(startRegistry(members), startCountry('MDA'), startCountry('GEO', { typeDefs: drifted }));
    const error = await composeFromSubgraphs(subgraphs).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      'country_geo: GEO.observations is observations(indicator: ID!, from: String, to: String, filter: [DimensionFilter!], asOf: DateTime, frequency: Frequency): [Observation!]!, the contract says',
    );
    // Only GEO breaks the contract (the composition hint that follows also mentions MDA, for comparison).
    const contractLines = (error as Error).message.split('\n').filter((l) => l.includes('the contract says'));
    expect(contractLines.every((l) => l.startsWith('- country_geo: '))).toBe(true);
  });

  it('names every subgraph it cannot reach, in one message', async () => {
    const subgraphs = await start(startRegistry(members));
    const missing = [
      { name: 'country_mda', url: await deadUrl() },
      { name: 'country_geo', url: await deadUrl() },
    ];
    const message = await composeFromSubgraphs([...subgraphs, ...missing]).catch((e: Error) => e.message);
    expect(message).toMatch(/country_mda: cannot be reached at http:\/\/127\.0\.0\.1:\d+\/graphql: connect ECONNREFUSED/);
    expect(message).toMatch(/country_geo: cannot be reached at .*ECONNREFUSED/);
  });
});

describe('checkContract on a served SDL', () => {
  it('ignores what federation adds to a subgraph’s _service.sdl', async () => {
    const [mda] = await start(startCountry('MDA'));
    const res = await fetch(mda!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const serviceSdl = ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
    expect(serviceSdl).toMatch(/_Entity/);
    expect(checkContract('country_mda', serviceSdl, countrySdl('MDA'))).toEqual([]);
  });
});
