import { Kind, parse, type ConstArgumentNode } from 'graphql';
import { bilateralSubgraphUrl } from '@migfed/schema';
import { identifySubgraph } from './subgraph-errors.js';

export interface SubgraphInfo {
  name: string;
  url: string;
  /** ISO3 of the member, for `country_<iso3>` subgraphs. */
  country?: string;
}

function stringArg(args: readonly ConstArgumentNode[] | undefined, name: string): string | undefined {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/** The subgraphs a supergraph routes to, from its `enum join__Graph { X @join__graph(name, url) }`. */
export function listSubgraphs(supergraphSdl: string): SubgraphInfo[] {
  const subgraphs: SubgraphInfo[] = [];
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = stringArg(graph?.arguments, 'name');
      if (!name) continue;
      const { country } = identifySubgraph(name);
      subgraphs.push({ name, url: stringArg(graph?.arguments, 'url') ?? '', ...(country ? { country } : {}) });
    }
  }
  return subgraphs;
}

/** The subgraphs reached over HTTP: all but those the gateway answers itself (health probes skip those). */
export function fetchedSubgraphs(subgraphs: readonly SubgraphInfo[]): SubgraphInfo[] {
  return subgraphs.filter((s) => s.url !== bilateralSubgraphUrl);
}

/**
 * The fields of the `Country` interface in a supergraph: what a query over `countries` may ask.
 * A provider's field (`unhcr`, `undesa`) is there only when the region is composed with it.
 */
export function countryFieldNames(supergraphSdl: string): string[] {
  const names = new Set<string>();
  for (const def of parse(supergraphSdl).definitions) {
    const isCountry =
      (def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_EXTENSION) && def.name.value === 'Country';
    if (isCountry) for (const field of def.fields ?? []) names.add(field.name.value);
  }
  return [...names];
}
