import { composeServices as apolloCompose } from '@apollo/composition';
import { composeServices as guildCompose } from '@theguild/federation-composition';
import { parse } from 'graphql';
import type { RegionDef } from './regions.js';
import { bilateralSdl, bilateralSubgraphUrl, countrySdl, providerSdl, registrySdl, subgraphName } from './sdl.js';

export interface SubgraphInput {
  name: string;
  url: string;
  typeDefs: string;
}

export type ComposeResult = { supergraphSdl: string; errors?: undefined } | { supergraphSdl?: undefined; errors: string[] };

export interface ComposeOptions {
  /** Also compose with @theguild/federation-composition as a second opinion (default true). */
  crossCheck?: boolean;
}

function parseAll(subgraphs: readonly SubgraphInput[]) {
  const errors: string[] = [];
  const services = [];
  for (const s of subgraphs) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(s.typeDefs) });
    } catch (err) {
      errors.push(`[${s.name}] SDL does not parse: ${(err as Error).message}`);
    }
  }
  return { services, errors };
}

/**
 * Composes subgraphs with @apollo/composition, treating every composition hint as an error, and
 * cross-checks with Guild's implementation. Returns the errors rather than throwing (callers at
 * the edge decide how to fail); each message names the subgraph(s) concerned.
 */
export function composeSupergraph(subgraphs: readonly SubgraphInput[], options: ComposeOptions = {}): ComposeResult {
  const { services, errors } = parseAll(subgraphs);
  if (errors.length > 0) return { errors };
  const apollo = apolloCompose(services);
  if (apollo.errors) {
    return { errors: apollo.errors.map((e) => `composition: ${e.message}`) };
  }
  if (apollo.hints.length > 0) {
    return { errors: apollo.hints.map((h) => `composition hint ${h.definition.code} (treated as an error): ${h.message}`) };
  }
  if (options.crossCheck !== false) {
    const guild = guildCompose(services);
    if (guild.errors && guild.errors.length > 0) {
      return { errors: guild.errors.map((e) => `second composition (@theguild/federation-composition): ${e.message}`) };
    }
  }
  return { supergraphSdl: apollo.supergraphSdl };
}

/** Where a region's subgraphs answer, when not where the region file says (tests, the demo). */
export interface RegionUrls {
  registry?: string;
  /** By member ISO3. */
  members?: Record<string, string>;
  /** By provider id. */
  providers?: Record<string, string>;
}

/** Subgraph inputs of a region generated from the contract, with URLs from the region file unless overridden. */
export function regionSubgraphs(region: RegionDef, urls: RegionUrls = {}): SubgraphInput[] {
  const iso3s = region.members.map((m) => m.iso3);
  return [
    { name: subgraphName.registry, url: urls.registry ?? region.registry.url, typeDefs: registrySdl(iso3s) },
    ...region.members.map((m) => ({
      name: subgraphName.country(m.iso3),
      url: urls.members?.[m.iso3] ?? m.url,
      typeDefs: countrySdl(m.iso3),
    })),
    ...(region.providers ?? []).map((p) => ({
      name: subgraphName.provider(p.id),
      url: urls.providers?.[p.id] ?? p.url,
      typeDefs: providerSdl(p.id),
    })),
  ];
}

/** The subgraphs the gateway serves itself (`bilateral`): composed into every region, never fetched. */
export function gatewaySubgraphs(): SubgraphInput[] {
  return [{ name: subgraphName.bilateral, url: bilateralSubgraphUrl, typeDefs: bilateralSdl() }];
}

/**
 * Composes the supergraph of a region from the contract templates and the gateway's own
 * subgraphs; throws with every message joined.
 */
export function composeRegion(region: RegionDef, urls?: RegionUrls, extra: readonly SubgraphInput[] = []): string {
  const result = composeSupergraph([...regionSubgraphs(region, urls), ...gatewaySubgraphs(), ...extra]);
  if (result.errors) throw new Error(`Region "${region.id}" does not compose:\n- ${result.errors.join('\n- ')}`);
  return result.supergraphSdl;
}
