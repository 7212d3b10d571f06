import { EnvReader } from '@migfed/subgraph-kit';

export interface CountryConfig {
  country: string;
  port: number;
  host: string;
  /** postgres:// URL; unset means an embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Loopback callers may manage tokens without one (demo only). */
  localAdmin: boolean;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): CountryConfig {
  const r = new EnvReader(env);
  const country = r.required('COUNTRY', 'ISO 3166-1 alpha-3 code of the member, e.g. MDA').toUpperCase();
  if (country && !/^[A-Z]{3}$/.test(country)) r.problems.push(`COUNTRY must be an ISO3 code such as MDA, got "${country}"`);
  const config = {
    country,
    port: r.int('PORT', 4101, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', `.data/country-${country.toLowerCase()}`) as string,
    localAdmin: r.bool('LOCAL_ADMIN', false),
  };
  r.done('country subgraph');
  return Object.freeze(config);
}
