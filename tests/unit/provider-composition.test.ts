// the provider subgraphs add their fields to every member through Country @interfaceObject
// and compose with the registry and the members under both implementations, with no hint.
import { composeSupergraph, countrySdl, listRegions, loadRegion, providerIds, providerSdl, regionSubgraphs } from '@migfed/schema';
import { parse, print, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const definition = (sdl: string, name: string) =>
  parse(sdl).definitions.find((d): d is DefinitionNode & { name: { value: string } } => 'name' in d && d.name?.value === name);

describe('provider subgraphs', () => {
  it.each(listRegions())('%s: registry, members and both providers compose under Apollo (no hints) and Guild', (id) => {
    const region = loadRegion(id);
    expect(region.providers?.map((p) => p.id)).toEqual(['unhcr', 'undesa']);
    const result = composeSupergraph(regionSubgraphs(region), { crossCheck: true });
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toMatch(/PROVIDER_UNHCR @join__graph\(name: "provider_unhcr"/);
    expect(result.supergraphSdl).toMatch(/@join__type\(graph: PROVIDER_UNHCR, key: "iso3", isInterfaceObject: true\)/);
  });

  it('serve disjoint Country fields: UNHCR its statistics and the comparison, UN DESA migrant stock', () => {
    const fields = (id: string) => {
      const country = definition(providerSdl(id), 'Country') as {
        fields?: readonly { name: { value: string }; directives?: readonly { name: { value: string } }[] }[];
      };
      return (country.fields ?? []).filter((f) => !f.directives?.some((d) => d.name.value === 'external')).map((f) => f.name.value);
    };
    expect(providerIds).toEqual(['unhcr', 'undesa']);
    expect(fields('unhcr')).toEqual(['iso3', 'unhcr', 'asylumApplicationsComparison']);
    expect(fields('undesa')).toEqual(['iso3', 'undesa']);
    expect(providerSdl('undesa')).not.toMatch(/Unhcr|Observation/);
  });

  it("copy the country contract's value types the comparison requires, so they cannot drift", () => {
    for (const type of ['Observation', 'Release', 'DimensionValue', 'DimensionFilter']) {
      const own = definition(providerSdl('unhcr'), type);
      expect(own, type).toBeDefined();
      expect(print(own!)).toBe(print(definition(countrySdl('MDA'), type)!));
    }
  });

  it('say that UNHCR rounds small counts', () => {
    expect(providerSdl('unhcr')).toMatch(/UNHCR rounds small counts: no published cell is below 5/);
  });

  it('refuse an unknown provider', () => {
    expect(() => providerSdl('iom')).toThrow(/Unknown provider "iom"; known providers: unhcr, undesa/);
  });

  it('fail composition, naming the provider, when its value types drift from the members', () => {
    const region = loadRegion('dsm');
    const subgraphs = regionSubgraphs(region).map((s) =>
      s.name === 'provider_unhcr'
        ? { ...s, typeDefs: s.typeDefs.replace('type Observation @shareable {', 'type Observation @shareable {\n  note: String!') }
        : s,
    );
    expect(composeSupergraph(subgraphs).errors?.join('\n')).toMatch(/provider_unhcr/);
  });
});
