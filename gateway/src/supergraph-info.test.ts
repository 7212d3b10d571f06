import { readFileSync } from 'node:fs';
import { loadRegion, supergraphPath } from '@migfed/schema';
import { expect, it } from 'vitest';
import { listSubgraphs } from './supergraph-info.js';

it('lists the registry and one subgraph per member from the committed supergraph, with URLs', () => {
  const region = loadRegion('dsm');
  const subgraphs = listSubgraphs(readFileSync(supergraphPath('dsm'), 'utf8'));
  expect(subgraphs).toContainEqual({ name: 'registry', url: region.registry.url });
  for (const m of region.members) {
    expect(subgraphs).toContainEqual({ name: `country_${m.iso3.toLowerCase()}`, url: m.url, country: m.iso3 });
  }
});
