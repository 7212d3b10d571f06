import { Readable } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import type { Actor } from '../publishing/audit.js';
import { type ImportReport, importFile } from '../publishing/import.js';
import { lit } from '../publishing/sql-text.js';
import { CellCounter } from './cells.js';
import { type CrossingScan, scanCrossings } from './crossing-scan.js';
import { staleCells } from './rederive.js';
import { scanPermits } from './scan.js';

export interface DeriveOptions {
  country: string;
  release: string;
  /** First and last month published (`2022-01`); the rule still runs over every record. */
  from?: string;
  to?: string;
  /** When the records were extracted; by default the latest CROSSED_AT. */
  extractedAt?: Date;
  actor: Actor;
}

/** A run of months (or years) as `first … last`. */
export interface PeriodRange {
  first: string;
  last: string;
  count: number;
}

export interface DeriveReport {
  ok: boolean;
  country: string;
  release: string;
  extractedAt: string | null;
  crossings: number;
  permits: number;
  persons: number;
  /** Crossings that contradicted the person's presence (ENTRY while present, EXIT while absent). */
  inconsistent: number;
  /** Per indicator: the periods derived, and when the next one will be ready (null: none pending). */
  periods: Record<string, { derived: PeriodRange | null; nextReadyAt: string | null; next: string | null }>;
  cells: Record<string, number>;
  /**
   * Cells of earlier derivations that this one no longer gives (corrected records): taken out of
   * the draft it writes into, or withdrawn from what readers see when it is published.
   */
  stale: number;
  /** The draft release's import, as for a file (validation, thresholds). */
  import: ImportReport | null;
  error: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
/** The instant local midnight starting month index `i` is reached at UTC offset `offsetMin`. */
const monthStart = (i: number, offsetMin: number) => Date.UTC(Math.floor(i / 12), i % 12, 1) - offsetMin * 60_000;

/** What the metadata of each derived indicator says about its source and rule. */
const SOURCES: Record<string, { source: string; rule: string }> = {
  BORDER_CROSSINGS: { source: 'border crossing records', rule: 'every crossing record, in the local calendar month of CROSSED_AT' },
  LONG_TERM_IMMIGRATION: {
    source: 'border crossing records (travel histories)',
    rule: '12/16-month rule: an entry of a non-resident who is present at least 365 days within the 16 months after it',
  },
  LONG_TERM_EMIGRATION: {
    source: 'border crossing records (travel histories)',
    rule: '12/16-month rule: an exit of a resident who is absent at least 365 days within the 16 months after it',
  },
  RESIDENCE_PERMITS_ISSUED: {
    source: 'residence permit register',
    rule: 'first residence permits (no earlier one in the records), by decision date',
  },
  WORK_PERMITS_ISSUED: { source: 'work permit register', rule: 'work permits by decision date' },
  STOCK_FOREIGNERS: { source: 'residence permit register', rule: 'foreigners holding a valid residence permit on 31 December' },
};

const failed = (options: DeriveOptions, error: string): DeriveReport => ({
  ok: false,
  country: options.country,
  release: options.release,
  extractedAt: null,
  crossings: 0,
  permits: 0,
  persons: 0,
  inconsistent: 0,
  periods: {},
  cells: {},
  stale: 0,
  import: null,
  error,
});

/**
 * Derives the agreed indicators from the member's records and writes them into a draft release
 * through the ordinary import (the same checks, thresholds and revisions as a file): the focal
 * point reviews it against what is published and publishes it as any other release.
 */
export async function deriveRelease(handle: DbHandle, catalog: Catalog, options: DeriveOptions): Promise<DeriveReport> {
  const { country } = options;
  for (const [name, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const)
    if (value !== undefined && !MONTH.test(value))
      return failed(options, `${name} must be a month such as 2022-01, not "${value.slice(0, 20)}"`);
  if (options.from && options.to && options.from > options.to) return failed(options, '--from is after --to');
  const c = lit(country);
  const counter = new CellCounter(catalog);
  const derived = await handle.transaction(async (session) => {
    // One pass over the crossings here; the earliest crossing and the westernmost offset come from the scan.
    const [summary] = await session.query<{
      crossings: number;
      latest: number | null;
      permits: number;
      latest_decision: string | null;
      first_valid: string | null;
    }>(
      `select x.crossings, x.latest,
              (select count(*)::int from records.permits where country = ${c}) as permits,
              (select max(decided_on)::text from records.permits where country = ${c}) as latest_decision,
              (select min(valid_from)::text from records.permits where country = ${c}) as first_valid
         from (select count(*)::int as crossings, (extract(epoch from max(crossed_at)) * 1000)::float8 as latest
                 from records.crossings where country = ${c}) x`,
    );
    const s = summary!;
    if (s.crossings === 0 && s.permits === 0)
      return `${country} has no records yet: import crossings or permits first (npm run migfed -- records import …)`;
    const extracted =
      options.extractedAt?.getTime() ?? (s.latest !== null ? Number(s.latest) : Date.parse(`${s.latest_decision}T23:59:59.999Z`));
    // Without --extracted-at no crossing is after the latest one: only the permits need counting.
    const [late] = await session.query<{ crossings: number; permits: number }>(
      `select ${options.extractedAt ? `(select count(*)::int from records.crossings where country = ${c} and crossed_at > $1)` : '0'} as crossings,
              (select count(*)::int from records.permits where country = ${c} and decided_on > ($1::timestamptz at time zone 'UTC')::date) as permits`,
      [new Date(extracted).toISOString()],
    );
    if ((late?.crossings ?? 0) + (late?.permits ?? 0) > 0)
      return `${late!.crossings} crossing and ${late!.permits} permit records are dated after the extraction instant ${new Date(extracted).toISOString()}: give the real --extracted-at (records after it are refused)`;

    const keep = new Map<string, (period: string) => boolean>();
    const periods: DeriveReport['periods'] = {};
    const from = options.from ? monthIndex(options.from) : -Infinity;
    const to = options.to ? monthIndex(options.to) : Infinity;
    let scan: CrossingScan = { crossings: 0, persons: 0, inconsistent: 0, earliest: null, minOffset: null };
    if (s.crossings > 0) {
      scan = await scanCrossings(session, c, country, counter);
      // Months are local; the westernmost border point of the member ends each month last.
      const west = scan.minOffset!;
      const first = monthIndex(new Date(scan.earliest!.utcMs + scan.earliest!.offsetMin * 60_000).toISOString().slice(0, 7));
      const ended = (i: number) => monthStart(i + 1, west) <= extracted;
      const windowClosed = (i: number) => monthStart(i + 17, west) <= extracted;
      const lastMonth = monthIndex(new Date(extracted).toISOString().slice(0, 7)) + 1;
      const rules: [string, (i: number) => boolean, (i: number) => number, number][] = [
        ['BORDER_CROSSINGS', ended, (i) => monthStart(i + 1, west), first],
        ['LONG_TERM_IMMIGRATION', windowClosed, (i) => monthStart(i + 17, west), first + 12],
        ['LONG_TERM_EMIGRATION', windowClosed, (i) => monthStart(i + 17, west), first + 12],
      ];
      for (const [indicator, ready, readyAt, start] of rules) {
        const months: string[] = [];
        let next: number | undefined;
        for (let i = Math.max(start, from); i <= Math.min(lastMonth, to); i += 1) {
          counter.total(indicator, monthOf(i));
          if (ready(i)) months.push(monthOf(i));
          else next ??= i;
        }
        const chosen = new Set(months);
        keep.set(indicator, (p) => chosen.has(p));
        if (next === undefined && to === Infinity) next = Math.max(start, lastMonth + 1);
        periods[indicator] = {
          derived: months.length > 0 ? { first: months[0]!, last: months.at(-1)!, count: months.length } : null,
          next: next === undefined ? null : monthOf(next),
          nextReadyAt: next === undefined ? null : new Date(readyAt(next)).toISOString(),
        };
      }
    }
    let permits = { permits: 0, persons: 0 };
    if (s.permits > 0) {
      const firstYear = Math.min(Number(s.first_valid!.slice(0, 4)), Number(s.latest_decision!.slice(0, 4)));
      const extractedYear = new Date(extracted).getUTCFullYear();
      const fromYear = Math.max(firstYear, options.from ? Number(options.from.slice(0, 4)) : firstYear);
      const toYear = Math.min(extractedYear, options.to ? Number(options.to.slice(0, 4)) : extractedYear);
      permits = await scanPermits(session, c, country, counter, { from: firstYear, to: toYear });
      const endOfYear = (y: number) => Date.UTC(y + 1, 0, 1);
      for (const indicator of ['RESIDENCE_PERMITS_ISSUED', 'WORK_PERMITS_ISSUED', 'STOCK_FOREIGNERS']) {
        const years: string[] = [];
        for (let y = fromYear; y <= toYear; y += 1) {
          counter.total(indicator, String(y));
          if (endOfYear(y) <= extracted) years.push(String(y));
        }
        const chosen = new Set(years);
        keep.set(indicator, (p) => chosen.has(p));
        const next = years.length > 0 ? Number(years.at(-1)) + 1 : fromYear;
        periods[indicator] = {
          derived: years.length > 0 ? { first: years[0]!, last: years.at(-1)!, count: years.length } : null,
          next: String(next),
          nextReadyAt: new Date(endOfYear(next)).toISOString(),
        };
      }
    }
    return { extracted, scan, permits, keep, periods, counts: s };
  });
  if (typeof derived === 'string') return failed(options, derived);
  const keep = (indicator: string, period: string) => derived.keep.get(indicator)?.(period) ?? false;
  const cells = counter.cellsOf(keep);
  const extractedAt = new Date(derived.extracted).toISOString();
  const base: DeriveReport = {
    ok: false,
    country,
    release: options.release,
    extractedAt,
    crossings: derived.scan.crossings,
    permits: derived.permits.permits,
    persons: derived.scan.persons,
    inconsistent: derived.scan.inconsistent,
    periods: derived.periods,
    cells,
    stale: 0,
    import: null,
    error: null,
  };
  if (Object.keys(cells).length === 0)
    return { ...base, error: 'no period is ready to publish yet (see periods: when the next one will be ready)' };
  // Deriving again: what earlier derivations wrote and the corrected records no longer give goes.
  const derivedRanges = Object.fromEntries(Object.entries(derived.periods).map(([i, p]) => [i, p.derived]));
  const stale = await staleCells(handle, catalog, options, derivedRanges, counter);
  base.stale = stale.length;
  const report = await importFile(handle, catalog, Readable.from(counter.csv(keep, stale)), {
    country,
    release: options.release,
    dryRun: false,
    actor: options.actor,
    action: 'records derive',
    additivityWarnings: false,
  });
  if (!report.ok) return { ...base, import: report, error: 'the derived cells were refused by the import checks (see import.errors)' };
  await handle.transaction(async (session) => {
    for (const indicator of Object.keys(cells)) {
      const { source, rule } = SOURCES[indicator]!;
      const def = catalog.indicator(indicator)!;
      await session.query(
        `insert into country.national_metadata (country, indicator, national_definition, difference_from_agreed, source_type, coverage, updated_at)
         values ($1, $2, $3, null, 'ADMINISTRATIVE_RECORDS', $4, now())
         on conflict (country, indicator) do update set national_definition = excluded.national_definition,
           difference_from_agreed = null, source_type = excluded.source_type, coverage = excluded.coverage, updated_at = now()`,
        [
          country,
          indicator,
          `${def.definition} Derived from the member's ${source}: ${rule}.`,
          `Derived from records (${source}) extracted at ${extractedAt}, in release "${options.release}".`,
        ],
      );
    }
    // The release itself says when its records were extracted, where readers and the secretariat look.
    await session.query(`update country.releases set records_extracted_at = $3 where country = $1 and name = $2`, [
      country,
      options.release,
      extractedAt,
    ]);
    await session.query(`insert into records.derivations (country, release, extracted_at, detail) values ($1, $2, $3, $4)`, [
      country,
      options.release,
      extractedAt,
      JSON.stringify({ periods: derived.periods, cells, inconsistent: derived.scan.inconsistent }),
    ]);
  });
  return { ...base, ok: true, import: report };
}
