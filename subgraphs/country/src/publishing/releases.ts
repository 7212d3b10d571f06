import type { SqlSession } from '@migfed/subgraph-kit';
import { UserInputError } from '@migfed/subgraph-kit';

export interface ReleaseRow extends Record<string, unknown> {
  id: number;
  name: string;
  status: 'draft' | 'published';
  published_at: Date | string | null;
  visible_from: Date | string | null;
}

/** Serialises every write to one release (concurrent imports queue instead of interleaving). */
export async function lockRelease(session: SqlSession, country: string, name: string): Promise<void> {
  await session.query(`select pg_advisory_xact_lock(hashtext($1))`, [`migfed:${country}:${name}`]);
}

export async function findRelease(session: SqlSession, country: string, name: string): Promise<ReleaseRow | undefined> {
  const [row] = await session.query<ReleaseRow>(
    `select id, name, status, published_at, visible_from from country.releases where country = $1 and name = $2`,
    [country, name],
  );
  return row;
}

export const alreadyPublished = (r: ReleaseRow) =>
  new UserInputError(
    'RELEASE_PUBLISHED',
    `release "${r.name}" was published on ${r.published_at ? new Date(r.published_at).toISOString() : '?'} and cannot change; put revised figures in a new release (e.g. "${r.name}, revision 1")`,
    { release: r.name },
  );

/** The release, created as a draft when new; a published one is refused (it never changes). */
export async function draftRelease(session: SqlSession, country: string, name: string): Promise<ReleaseRow> {
  const existing = await findRelease(session, country, name);
  if (existing?.status === 'published') throw alreadyPublished(existing);
  if (existing) return existing;
  const [row] = await session.query<ReleaseRow>(
    `insert into country.releases (country, name) values ($1, $2) returning id, name, status, published_at, visible_from`,
    [country, name],
  );
  return row!;
}

export interface Published {
  release: string;
  visibleFrom: Date;
  cells: number;
  revised: number;
}

/**
 * Publishes a draft: its cells become visible from `at` (now by default; later = embargo), and the
 * cells they revise stay readable until then and remain in the history (`asOf`) afterwards.
 */
export async function publishRelease(session: SqlSession, country: string, name: string, at?: Date): Promise<Published> {
  await lockRelease(session, country, `publish`); // one publication at a time keeps the timeline linear
  // And wait for any import still writing into this draft: publishing half of it would leave the
  // rest invisible for ever (their valid_from set by nobody).
  await lockRelease(session, country, name);
  const release = await findRelease(session, country, name);
  if (!release) {
    const drafts = await session.query<{ name: string }>(`select name from country.releases where country = $1 and status = 'draft' order by created_at`, [country]);
    throw new UserInputError('NOT_FOUND', `no release named "${name}"; drafts: ${drafts.map((d) => `"${d.name}"`).join(', ') || 'none'}`);
  }
  if (release.status === 'published') throw alreadyPublished(release);
  // Drivers differ in how they return timestamps; compare as Date.
  const [{ now: nowRaw }] = (await session.query<{ now: Date | string }>(`select now() as now`)) as [{ now: Date | string }];
  const now = new Date(nowRaw);
  const visibleFrom = at ? new Date(at) : now;
  if (visibleFrom.getTime() < now.getTime() - 60_000) {
    throw new UserInputError('INVALID_DATE', `cannot publish in the past (${visibleFrom.toISOString()}): earlier readers would see figures change`);
  }
  const [latest] = await session.query<{ at: Date | string | null }>(
    `select max(visible_from) as at from country.releases where country = $1 and status = 'published'`,
    [country],
  );
  if (latest?.at && visibleFrom < new Date(latest.at)) {
    throw new UserInputError('INVALID_DATE', `another release becomes visible at ${new Date(latest.at).toISOString()}; schedule this one at or after that`);
  }
  const revised = await session.execute(
    `update country.observations o set valid_to = $3
       from country.observations n
      where n.release_id = $2 and o.country = $1 and o.indicator = n.indicator and o.period = n.period
        and o.series_key = n.series_key and o.valid_from is not null and o.valid_to is null`,
    [country, release.id, visibleFrom],
  );
  const cells = await session.execute(`update country.observations set valid_from = $2 where release_id = $1`, [release.id, visibleFrom]);
  await session.query(`update country.releases set status = 'published', published_at = $2, visible_from = $3 where id = $1`, [release.id, now, visibleFrom]);
  return { release: name, visibleFrom, cells, revised };
}
