import { readFileSync } from 'node:fs';
import { buildProviderSdl, PROVIDER_FIELDS } from './provider-sdl.js';

const contractDir = new URL('../contract/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, contractDir), 'utf8');

const countryTemplate = read('country.graphql');
const registryTemplate = read('registry.graphql');
const registryMemberTemplate = read('registry-member.graphql');
const providerTemplate = read('provider.graphql');
const bilateralTemplate = read('bilateral.graphql');

const ISO3 = /^[A-Z]{3}$/;

function checkIso3(iso3: string): string {
  if (!ISO3.test(iso3)) throw new Error(`Not an ISO 3166-1 alpha-3 code: "${iso3}"`);
  return iso3;
}

/** Identifiers of the international providers the contract knows (`unhcr`, `undesa`). */
export const providerIds: readonly string[] = Object.keys(PROVIDER_FIELDS);

function checkProvider(id: string): string {
  if (!providerIds.includes(id)) throw new Error(`Unknown provider "${id}"; known providers: ${providerIds.join(', ')}`);
  return id;
}

/** Subgraph names: `registry`, `country_<iso3>` (lower case), `provider_<id>`, `bilateral`. */
export const subgraphName = {
  registry: 'registry',
  bilateral: 'bilateral',
  country: (iso3: string) => `country_${checkIso3(iso3).toLowerCase()}`,
  provider: (id: string) => `provider_${checkProvider(id)}`,
};

/** The SDL of one member's subgraph: the contract template with the member's type name. */
export function countrySdl(iso3: string): string {
  return countryTemplate.replaceAll('__MEMBER__', checkIso3(iso3));
}

/** The SDL of the registry for a region: the interface plus one concrete type per member. */
export function registrySdl(members: readonly string[]): string {
  const types = members.map((iso3) => registryMemberTemplate.replaceAll('__MEMBER__', checkIso3(iso3)));
  return registryTemplate.replace('__MEMBER_TYPES__', types.join('\n'));
}

/**
 * The SDL of one provider's subgraph (`provider_<id>`): its fields on `Country @interfaceObject`
 * from the provider template, plus the country contract's fields and types its `@requires` need.
 */
export function providerSdl(id: string): string {
  return buildProviderSdl(providerTemplate, countryTemplate, checkProvider(id));
}

/**
 * Where the supergraph says the `bilateral` subgraph answers. The gateway serves that subgraph
 * itself, in-process, and never fetches this URL (`.invalid` never resolves, so a gateway that did
 * not know would fail at once rather than reach anyone); health checks leave it out.
 */
export const bilateralSubgraphUrl = 'http://in-process.invalid/bilateral';

/** The SDL of the gateway's own subgraph (`bilateralMatrix`): the same for every region. */
export function bilateralSdl(): string {
  return bilateralTemplate;
}
