import type { SqlSession } from '@migfed/subgraph-kit';
import { ageBand, type CellCounter } from './cells.js';

/** Rows a cursor hands over at a time: memory holds one batch and one person's history. */
const BATCH = 20_000;

/** Reads a query's rows through a server-side cursor, one batch at a time, in the query's order. */
export async function* cursor<T extends Record<string, unknown>>(session: SqlSession, name: string, query: string): AsyncGenerator<T[]> {
  await session.query(`declare ${name} no scroll cursor for ${query}`);
  for (;;) {
    const rows = await session.query<T>(`fetch forward ${BATCH} from ${name}`);
    if (rows.length === 0) break;
    yield rows;
  }
  await session.query(`close ${name}`);
}

interface PermitRow extends Record<string, unknown> {
  person: string;
  permit_type: 'RESIDENCE' | 'WORK';
  reason: string;
  decided_on: string;
  valid_from: string;
  valid_to: string | null;
  citizenship: string;
  sex: string;
  birth_year: number | null;
}

/**
 * One sorted scan of the member's permits (by person, decision date, RECORD_ID): a person's first
 * residence permit counts in RESIDENCE_PERMITS_ISSUED, every work permit in WORK_PERMITS_ISSUED,
 * both in the year of the decision; a foreigner holding a valid residence permit on 31 December
 * counts once in STOCK_FOREIGNERS of that year (with the attributes of the latest such permit).
 */
export async function scanPermits(
  session: SqlSession,
  countryLiteral: string,
  country: string,
  counter: CellCounter,
  years: { from: number; to: number },
): Promise<{ permits: number; persons: number }> {
  const result = { permits: 0, persons: 0 };
  let person: string | undefined;
  let residence: PermitRow[] = [];
  const finish = () => {
    if (person !== undefined) result.persons += 1;
    for (let year = years.from; year <= years.to; year += 1) {
      const day = `${year}-12-31`;
      let holding: PermitRow | undefined;
      for (const p of residence) if (p.decided_on <= day && p.valid_from <= day && (p.valid_to === null || p.valid_to >= day)) holding = p;
      if (!holding || holding.citizenship === country) continue;
      counter.add('STOCK_FOREIGNERS', String(year), {
        SEX: holding.sex,
        AGE: ageBand(holding.birth_year === null ? null : year - Number(holding.birth_year)),
        CITIZENSHIP: holding.citizenship,
      });
    }
    residence = [];
  };
  const rows = cursor<PermitRow>(
    session,
    'records_permits_scan',
    `select person, permit_type, reason, decided_on::text as decided_on, valid_from::text as valid_from, valid_to::text as valid_to, citizenship, sex, birth_year
       from records.permits where country = ${countryLiteral} order by person, decided_on, record_id`,
  );
  for await (const batch of rows) {
    for (const p of batch) {
      if (p.person !== person) {
        finish();
        person = p.person;
      }
      result.permits += 1;
      const year = p.decided_on.slice(0, 4);
      if (p.permit_type === 'WORK') counter.add('WORK_PERMITS_ISSUED', year, { SEX: p.sex, CITIZENSHIP: p.citizenship });
      else {
        if (residence.length === 0)
          counter.add('RESIDENCE_PERMITS_ISSUED', year, { SEX: p.sex, CITIZENSHIP: p.citizenship, REASON: p.reason });
        residence.push(p);
      }
    }
  }
  finish();
  return result;
}
