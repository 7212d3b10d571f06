import type { Context } from '../context.js';
import { checkYear, resolveRelease, toProviderRelease } from './release.js';

/**
 * What the gateway sends for `asylumApplicationsComparison`: the member's key plus the fields the
 * field @requires from the member's own subgraph (null when the member is down or has none).
 */
export interface CountryWithNationalFigures {
  iso3: string;
  observations?: { period: string; value: number | null; release: string | null }[] | null;
  releases?: { name: string; publishedAt: string | null }[] | null;
}

/** Which source published more recently, by calendar day (UTC); null when either date is unknown. */
export function newerSource(unhcrOn: string | null, nationalAt: string | null): 'NATIONAL' | 'UNHCR' | 'SAME_DAY' | null {
  if (!unhcrOn || !nationalAt) return null;
  const nationalOn = new Date(nationalAt).toISOString().slice(0, 10);
  if (unhcrOn === nationalOn) return 'SAME_DAY';
  return unhcrOn > nationalOn ? 'UNHCR' : 'NATIONAL';
}

/**
 * The member's national ASYLUM_APPLICATIONS total (from its own subgraph, through @requires) next
 * to UNHCR's published total for the same year. The national figure's date is its release's.
 */
export async function asylumApplicationsComparison(
  country: CountryWithNationalFigures,
  args: { year: number; release?: string | null },
  ctx: Context,
) {
  const year = checkYear(args.year);
  const national = country.observations?.find((o) => o.period === String(year)) ?? null;
  const nationalPublishedAt = country.releases?.find((r) => r.name === national?.release)?.publishedAt ?? null;
  const release = await resolveRelease(ctx, args.release);
  const [row] = release ? await ctx.loaders.applicationTotals.load({ release: release.label, year, origin: null, coa: country.iso3 }) : [];
  const unhcr = row?.applied ?? null;
  const value = national?.value ?? null;
  const difference = value !== null && unhcr !== null ? value - unhcr : null;
  return {
    year,
    national: value,
    nationalRelease: national?.release ?? null,
    nationalPublishedAt,
    unhcr,
    unhcrRelease: release ? toProviderRelease(release) : null,
    difference,
    relativeDifference: difference !== null && unhcr ? difference / unhcr : null,
    newer: value === null || unhcr === null ? null : newerSource(release?.publishedOn ?? null, nationalPublishedAt),
  };
}
