import { type Catalog, loadCatalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { UserInputError } from '@migfed/subgraph-kit';
import { releasePartition } from '../db/partitions.js';
import { protectDraft } from '../disclosure/apply.js';
import { compactPublished } from './compact.js';
import { ident } from './sql-text.js';

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

export interface Published {
  release: string;
  visibleFrom: Date;
  cells: number;
  revised: number;
  /** Cells the disclosure rule withheld at publication (tables merged into changed since the import). */
  withheld: number;
}

/** When the database thinks it is now (drivers differ in how they return timestamps; compared as Date). */
async function dbNow(session: SqlSession): Promise<Date> {
  const [{ now }] = (await session.query<{ now: Date | string }>(`select now() as now`)) as [{ now: Date | string }];
  return new Date(now);
}

/**
 * A release may become visible neither in the past (earlier readers would see figures change) nor
 * before another published release (the timeline of versions stays linear).
 */
async function checkSchedule(session: SqlSession, country: string, releaseId: number, visibleFrom: Date): Promise<void> {
  const now = await dbNow(session);
  if (visibleFrom.getTime() < now.getTime() - 60_000) {
    throw new UserInputError(
      'INVALID_DATE',
      `cannot publish in the past (${visibleFrom.toISOString()}): earlier readers would see figures change`,
    );
  }
  const [latest] = await session.query<{ at: Date | string | null }>(
    `select max(visible_from) as at from country.releases where country = $1 and status = 'published' and id <> $2`,
    [country, releaseId],
  );
  if (latest?.at && visibleFrom < new Date(latest.at)) {
    throw new UserInputError(
      'INVALID_DATE',
      `another release becomes visible at ${new Date(latest.at).toISOString()}; schedule this one at or after that`,
    );
  }
}

/** The release, published but still under embargo, that a cancel or a reschedule may change. */
async function scheduledRelease(session: SqlSession, country: string, name: string, verb: string): Promise<ReleaseRow> {
  await lockRelease(session, country, `publish`);
  await lockRelease(session, country, name);
  const release = await findRelease(session, country, name);
  if (!release) throw new UserInputError('NOT_FOUND', `no release named "${name}"`);
  if (release.status !== 'published')
    throw new UserInputError('NOT_SCHEDULED', `release "${name}" is a draft: there is nothing to ${verb}`);
  const at = new Date(release.visible_from!);
  if (at.getTime() <= (await dbNow(session)).getTime()) {
    throw new UserInputError(
      'RELEASE_VISIBLE',
      `release "${name}" became visible on ${at.toISOString()} and cannot be ${verb === 'cancel' ? 'cancelled' : 'moved'}; put corrected figures in a new release`,
      { release: name },
    );
  }
  return release;
}

/**
 * Cancels a scheduled release before it becomes visible: it goes back to being a draft (its cells
 * can be corrected and published again, or left unpublished). It was never visible and never
 * merged into a shared partition (see compact.ts), so nothing of it remains in what readers see.
 */
export async function cancelRelease(
  session: SqlSession,
  country: string,
  name: string,
): Promise<{ release: string; wasVisibleFrom: Date }> {
  const release = await scheduledRelease(session, country, name, 'cancel');
  await session.query(`update country.releases set status = 'draft', published_at = null, visible_from = null where id = $1`, [release.id]);
  return { release: name, wasVisibleFrom: new Date(release.visible_from!) };
}

/** Moves a scheduled release's embargo, under the same rules as publishing it with `at`. */
export async function rescheduleRelease(
  session: SqlSession,
  country: string,
  name: string,
  at: Date,
): Promise<{ release: string; visibleFrom: Date; wasVisibleFrom: Date }> {
  const release = await scheduledRelease(session, country, name, 'reschedule');
  const visibleFrom = new Date(at);
  await checkSchedule(session, country, release.id, visibleFrom);
  await session.query(`update country.releases set visible_from = $2 where id = $1`, [release.id, visibleFrom]);
  return { release: name, visibleFrom, wasVisibleFrom: new Date(release.visible_from!) };
}

/**
 * Publishes a draft: its cells become visible from `at` (now by default; later = embargo), and the
 * cells they revise stay readable until then and remain in the history (`asOf`) afterwards.
 */
export async function publishRelease(
  session: SqlSession,
  country: string,
  name: string,
  at?: Date,
  catalog: Catalog = loadCatalog(),
): Promise<Published> {
  await lockRelease(session, country, `publish`); // one publication at a time keeps the timeline linear
  // And wait for any import still writing into this draft: it replaces the draft's partition, and
  // a release must not change once published.
  await lockRelease(session, country, name);
  const release = await findRelease(session, country, name);
  if (!release) {
    const drafts = await session.query<{ name: string }>(
      `select name from country.releases where country = $1 and status = 'draft' order by created_at`,
      [country],
    );
    throw new UserInputError('NOT_FOUND', `no release named "${name}"; drafts: ${drafts.map((d) => `"${d.name}"`).join(', ') || 'none'}`);
  }
  if (release.status === 'published') throw alreadyPublished(release);
  const now = await dbNow(session);
  const visibleFrom = at ? new Date(at) : now;
  await checkSchedule(session, country, release.id, visibleFrom);
  // The tables the draft merges into were checked against the releases published when it was
  // imported; another release published since may have changed them (a new total, a cell that a
  // protecting one of the draft's no longer hides), so the rule runs on them once more, now that
  // the draft goes on top of every published release. Replaced tables depend on the draft alone.
  const { marked: withheld } = await protectDraft(
    session,
    catalog,
    country,
    release.id,
    catalog.indicators.map((i) => i.code),
    { mergedOnly: true },
  );
  // Cells carry no visibility of their own (see the observation_versions view): publishing is one
  // row in releases, and the versions it revises stay readable until visibleFrom and in the history after.
  // Statistics for the release's partition (built by an import; PGlite runs no autovacuum): the
  // planner needs them for readers' queries, and for the count of revised cells below.
  const partition = `country.${ident(releasePartition(release.id))}`;
  const [exists] = await session.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [partition]);
  if (exists?.ok) await session.query(`analyze ${partition}`);
  const [counted] = await session.query<{ cells: number }>(
    `select count(*)::int as cells from country.observations where country = $2 and release_id = $1`,
    [release.id, country],
  );
  const earlier = (
    await session.query<{ id: number }>(`select id from country.releases where country = $1 and status = 'published'`, [country])
  ).map((r) => r.id);
  // Cells this release gives a new version of: a hash semi-join against the earlier releases' cells.
  const [revisedRow] =
    earlier.length === 0
      ? [{ revised: 0 }]
      : await session.query<{ revised: number }>(
          `select count(*)::int as revised from country.observations n
            where n.country = $2 and n.release_id = $1 and (n.series_key, n.period, n.indicator) in (
              select o.series_key, o.period, o.indicator from country.observations o where o.country = $2 and o.release_id = any($3::int[]))`,
          [release.id, country, earlier],
        );
  const cells = counted?.cells ?? 0;
  const revised = revisedRow?.revised ?? 0;
  await session.query(`update country.releases set status = 'published', published_at = $2, visible_from = $3 where id = $1`, [
    release.id,
    now,
    visibleFrom,
  ]);
  await compactPublished(session, country);
  return { release: name, visibleFrom, cells, revised, withheld };
}
