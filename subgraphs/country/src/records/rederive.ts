import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import type { CellCounter, StaleCell } from './cells.js';

/** A run of periods as a derivation reports it (`2023-01 … 2023-12`, or years). */
interface Range {
  first: string;
  last: string;
}

/** Every period of a range: months (`2023-01`) or years (`2023`), as the range is written. */
export function periodsOf(range: Range): string[] {
  const out: string[] = [];
  if (range.first.length === 4) {
    for (let y = Number(range.first); y <= Number(range.last); y += 1) out.push(String(y));
    return out;
  }
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  for (let i = index(range.first); i <= index(range.last); i += 1)
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

const TABLE = '\u001f';

/**
 * What a derivation must take out so that its release holds nothing of an earlier one that the
 * records no longer give (a citizenship that was a typo, a month only a mistyped date had):
 * - in the draft it writes into (deriving again into the same draft), every cell this run does not
 *   count: of the tables it writes, and of tables an earlier run into it wrote and this one no longer does;
 * - of the published tables earlier derivations of the member wrote, inside the months (or years)
 *   this run was asked for, but that this run no longer derives: every cell readers see now that a
 *   derivation published (the tables it does write replace theirs anyway, ACTION R).
 * Cells a focal point published from files of their own are left alone.
 */
export async function staleCells(
  handle: DbHandle,
  catalog: Catalog,
  options: { country: string; release: string; from?: string; to?: string },
  derived: Record<string, Range | null>,
  counter: CellCounter,
): Promise<StaleCell[]> {
  const { country, release } = options;
  const writes = new Set(
    Object.entries(derived).flatMap(([indicator, range]) => (range ? periodsOf(range).map((p) => `${indicator}${TABLE}${p}`) : [])),
  );
  const asked = (indicator: string, period: string) => {
    const annual = catalog.indicator(indicator)?.frequency === 'A';
    const from = annual ? options.from?.slice(0, 4) : options.from;
    const to = annual ? options.to?.slice(0, 4) : options.to;
    return (from === undefined || period >= from) && (to === undefined || period <= to);
  };
  return handle.transaction(async (session) => {
    const earlier = await session.query<{ release: string; periods: Record<string, { derived: Range | null }> }>(
      `select release, detail->'periods' as periods from records.derivations where country = $1`,
      [country],
    );
    // Tables earlier derivations wrote that this one, asked for the same months, no longer derives.
    const gone = new Set<string>();
    for (const row of earlier) {
      for (const [indicator, p] of Object.entries(row.periods ?? {})) {
        for (const period of p.derived ? periodsOf(p.derived) : []) {
          const table = `${indicator}${TABLE}${period}`;
          if (!writes.has(table) && asked(indicator, period)) gone.add(table);
        }
      }
    }
    const split = (tables: Set<string>) => {
      const pairs = [...tables].map((t) => t.split(TABLE) as [string, string]);
      return [pairs.map(([i]) => i), pairs.map(([, p]) => p)];
    };
    const inDraft = await session.query<{ indicator: string; period: string; series_key: string }>(
      `select o.indicator, o.period, o.series_key from country.observations o
         join country.releases r on r.id = o.release_id
        where r.country = $1 and r.name = $2 and r.status = 'draft' and o.country = $1
          and (o.indicator, o.period) in (select * from unnest($3::text[], $4::text[]))`,
      [country, release, ...split(new Set([...writes, ...gone]))],
    );
    const stale = new Map<string, StaleCell>();
    for (const c of inDraft) {
      if (writes.has(`${c.indicator}${TABLE}${c.period}`) && counter.has(c.indicator, c.period, c.series_key)) continue;
      stale.set(`${c.indicator}${TABLE}${c.period}${TABLE}${c.series_key}`, {
        indicator: c.indicator,
        period: c.period,
        seriesKey: c.series_key,
      });
    }
    if (gone.size > 0) {
      const visible = await session.query<{ indicator: string; period: string; series_key: string }>(
        `select v.indicator, v.period, v.series_key from country.observation_versions v
          where v.country = $1 and v.release = any($2::text[])
            and v.valid_from <= now() and (v.valid_to is null or v.valid_to > now())
            and (v.indicator, v.period) in (select * from unnest($3::text[], $4::text[]))`,
        [country, [...new Set(earlier.map((r) => r.release))], ...split(gone)],
      );
      for (const c of visible)
        stale.set(`${c.indicator}${TABLE}${c.period}${TABLE}${c.series_key}`, {
          indicator: c.indicator,
          period: c.period,
          seriesKey: c.series_key,
        });
    }
    return [...stale.values()];
  });
}
