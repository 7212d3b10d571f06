import { readFileSync, readdirSync } from 'node:fs';

export interface FocalPointDef {
  name: string;
  role: string;
  email?: string;
}

export interface MemberDef {
  /** ISO 3166-1 alpha-3 code; also the member's GraphQL type name. */
  iso3: string;
  agency: string;
  /** Where the member's subgraph answers. */
  url: string;
  focalPoints: FocalPointDef[];
}

export interface ProviderDef {
  /** Provider identifier (`unhcr`, `undesa`); the subgraph is `provider_<id>`. */
  id: string;
  /** Where the provider's subgraph answers. */
  url: string;
}

export interface RegionDef {
  id: string;
  name: string;
  secretariat: string;
  registry: { url: string };
  members: MemberDef[];
  /** International providers adding their figures to every member; none when absent. */
  providers?: ProviderDef[];
}

const regionsDir = new URL('../regions/', import.meta.url);

/** Identifiers of the region files shipped in `schema/regions/`. */
export function listRegions(): string[] {
  return readdirSync(regionsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Reads `schema/regions/<id>.json`; throws naming the known regions when there is no such file. */
export function loadRegion(id: string): RegionDef {
  const known = listRegions();
  if (!known.includes(id)) {
    throw new Error(`Unknown region "${id}"; known regions: ${known.join(', ')}`);
  }
  return loadRegionFile(new URL(`${id}.json`, regionsDir));
}

/**
 * Reads a region file from anywhere (a secretariat may keep its own next to its deployment);
 * throws naming the file and what is wrong with it.
 */
export function loadRegionFile(path: string | URL): RegionDef {
  let region: RegionDef;
  try {
    region = JSON.parse(readFileSync(path, 'utf8')) as RegionDef;
  } catch (err) {
    throw new Error(`Region file ${String(path)} cannot be read: ${(err as Error).message}`);
  }
  if (!region.id || !Array.isArray(region.members) || !region.registry?.url) {
    throw new Error(`Region file ${String(path)} needs "id", "registry.url" and "members"`);
  }
  const bad = region.members.filter((m) => !/^[A-Z]{3}$/.test(m.iso3)).map((m) => m.iso3);
  if (bad.length > 0) throw new Error(`Region "${region.id}": member codes must be ISO3 (upper case): ${bad.join(', ')}`);
  return region;
}

/** The member's subgraph URL from the region files, searching every region. */
export function memberUrl(iso3: string): string | undefined {
  for (const id of listRegions()) {
    const member = loadRegion(id).members.find((m) => m.iso3 === iso3);
    if (member) return member.url;
  }
  return undefined;
}
