import type { Context } from '../context.js';
import type { ReleaseRecord } from '../db/queries/releases.js';
import { badArgument, unknownRelease } from '../errors.js';

/** What the graph shows of a release (`ProviderRelease`). */
export function toProviderRelease(r: ReleaseRecord) {
  return {
    label: r.label,
    source: r.source,
    demo: r.demo,
    publishedOn: r.publishedOn,
    importedAt: new Date(r.importedAt).toISOString(),
  };
}

/**
 * The release a field answers from: the one named, or the latest (listReleases' order). Null when
 * nothing has been imported yet; an unknown label is the caller's mistake and says which exist.
 */
export async function resolveRelease(ctx: Context, label: string | null | undefined): Promise<ReleaseRecord | null> {
  const all = await ctx.loaders.releasesOf.load(ctx.provider);
  if (label === null || label === undefined) return all[0] ?? null;
  const found = all.find((r) => r.label === label);
  if (!found)
    throw unknownRelease(
      ctx.provider,
      label,
      all.map((r) => r.label),
    );
  return found;
}

export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1900 || year > 2100)
    throw badArgument('year', `year must be a year from 1900 to 2100, got ${year}`);
  return year;
}

/** An origin argument: ISO3, an AREA special code (`_U`, `_Z`, `_O`) or UNHCR's own three-letter code. */
export function checkOrigin(origin: string | null | undefined): string | null {
  if (origin === null || origin === undefined) return null;
  const code = origin.trim().toUpperCase();
  if (!/^([A-Z]{3}|_[UZO])$/.test(code)) {
    throw badArgument('origin', `origin must be an ISO 3166-1 alpha-3 code, UNHCR's own code (UNK, XXA) or _U, _Z, _O; got "${origin}"`);
  }
  return code;
}

/** The origin as a `Territory` reference, for ISO3 codes only (the registry resolves it). */
export const territoryOf = (code: string) =>
  code.startsWith('_') || code.length !== 3 || NOT_TERRITORIES.has(code) ? null : { iso3: code };

/** Three-letter AREA codes that name no territory of the registry (stateless; Kosovo has no ISO code). */
const NOT_TERRITORIES = new Set(['XXA', 'XKX']);

/** The common fields of every figure listed by origin. */
export function originFields(row: { origin: string; originName?: string | null }) {
  return { origin: territoryOf(row.origin), originCode: row.origin, originName: row.originName ?? null };
}
