// The 12/16-month rule on one person's travel history, as Stats NZ and the Australian Bureau of
// Statistics apply it: a crossing starts a long-term migration when, within the 16 months after it,
// the person spends at least 365 days on the side of the border it took them to.

export interface Crossing {
  recordId: string;
  /** The instant, in milliseconds since the epoch. */
  utcMs: number;
  /** The border point's UTC offset, in minutes: local time = utcMs + offsetMin minutes. */
  offsetMin: number;
  direction: 'ENTRY' | 'EXIT';
  citizenship: string;
  sex: string;
  birthYear: number | null;
  partnerCountry: string | null;
}

export type Migration = 'IMMIGRATION' | 'EMIGRATION';

export interface LongTermEvent {
  kind: Migration;
  crossing: Crossing;
}

/** 365 × 86,400 seconds. */
export const YEAR_MS = 365 * 86_400_000;

const daysIn = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/**
 * `months` calendar months after an instant, on its local date: same local time and UTC offset,
 * the day cut to the last day of the month it lands in (31 January + 1 month = 28/29 February).
 */
export function addLocalMonths(utcMs: number, offsetMin: number, months: number): number {
  const local = new Date(utcMs + offsetMin * 60_000);
  const total = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(local.getUTCDate(), daysIn(year, month0));
  const shifted = Date.UTC(
    year,
    month0,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return shifted - offsetMin * 60_000;
}

/** `2024-03`: the local calendar month of an instant at its own offset. */
export function localMonth(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000);
  const month = local.getUTCMonth() + 1;
  return `${local.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}`;
}

/** The local calendar year of an instant at its own offset. */
export const localYear = (utcMs: number, offsetMin: number) => new Date(utcMs + offsetMin * 60_000).getUTCFullYear();

/** Orders one person's crossings as the rule reads them: by instant, then by RECORD_ID. */
export function byInstant(a: Crossing, b: Crossing): number {
  return a.utcMs - b.utcMs || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);
}

/**
 * The long-term migrations of one person, from their crossings in rule order (see byInstant).
 * Before the first crossing the person is absent if it is an ENTRY, present if an EXIT; an ENTRY
 * while present or an EXIT while absent changes nothing (counted in `inconsistent`). Presence lasts
 * until the next consistent crossing, or for ever after the last. A person whose first crossing is
 * an EXIT is resident at the start. A non-resident's ENTRY at t is a long-term immigration when the
 * person is present at least 365 days within [t, t + 16 months) and makes them resident; a
 * resident's EXIT is a long-term emigration when they are absent that long, and makes them
 * non-resident.
 */
export function longTermEvents(crossings: readonly Crossing[]): { events: LongTermEvent[]; inconsistent: number } {
  const events: LongTermEvent[] = [];
  if (crossings.length === 0) return { events, inconsistent: 0 };
  // The consistent crossings: the moments presence changes.
  const changes: Crossing[] = [];
  let present = crossings[0]!.direction === 'EXIT';
  let inconsistent = 0;
  for (const c of crossings) {
    if ((c.direction === 'ENTRY') === present) inconsistent += 1;
    else {
      changes.push(c);
      present = c.direction === 'ENTRY';
    }
  }
  let resident = crossings[0]!.direction === 'EXIT';
  for (let i = 0; i < changes.length; i += 1) {
    const c = changes[i]!;
    const arriving = c.direction === 'ENTRY';
    if (arriving === resident) continue; // an ENTRY of a resident, an EXIT of a non-resident
    const end = addLocalMonths(c.utcMs, c.offsetMin, 16);
    // Time on the side the crossing led to, within [t, end): until the next change, and so on.
    let onSide = 0;
    let side = true;
    let from = c.utcMs;
    for (let j = i + 1; j < changes.length && changes[j]!.utcMs < end; j += 1) {
      if (side) onSide += changes[j]!.utcMs - from;
      side = !side;
      from = changes[j]!.utcMs;
    }
    if (side) onSide += end - from;
    if (onSide >= YEAR_MS) {
      events.push({ kind: arriving ? 'IMMIGRATION' : 'EMIGRATION', crossing: c });
      resident = arriving;
    }
  }
  return { events, inconsistent };
}
