/**
 * Border-crossing records for the demo: PLAUSIBLE, NOT REAL. Travel histories of a member's
 * citizens and of foreigners, 2019–2024, with partner countries inside the region: seasonal workers
 * leaving for months at a time (some staying away more than a year), emigrants visiting home,
 * foreigners who settle, and short visitors. The member's published BORDER_CROSSINGS and long-term
 * migration are derived from them with the 12/16-month rule, as a member would.
 */
import { rngFor } from './random.js';

const DAY = 86_400_000;
const FIRST = Date.UTC(2019, 0, 1);
const LAST = Date.UTC(2024, 11, 31, 12);

/** Standard UTC offsets of the members' border points, in hours (daylight saving where the member keeps it). */
const ZONES: Record<string, { offsets: number[]; summer?: number }> = {
  ARM: { offsets: [4] },
  AZE: { offsets: [4] },
  BLR: { offsets: [3] },
  GEO: { offsets: [4] },
  KAZ: { offsets: [5, 6] },
  KGZ: { offsets: [6] },
  MDA: { offsets: [2], summer: 3 },
  RUS: { offsets: [3, 5, 7] },
  TJK: { offsets: [5] },
  TKM: { offsets: [5] },
  UKR: { offsets: [2], summer: 3 },
  UZB: { offsets: [5] },
  MEX: { offsets: [-6, -5, -7] },
  PAN: { offsets: [-5] },
};

/** Members whose citizens mostly leave to work abroad (more seasonal workers and emigrants). */
const SENDING = new Set(['TJK', 'UZB', 'KGZ', 'ARM', 'GEO', 'MDA', 'AZE', 'UKR', 'GTM', 'HND', 'SLV', 'NIC', 'MEX']);

/** A border point of the member: its name, BORDER_TYPE and standard UTC offset in hours. */
interface BorderPoint {
  name: string;
  type: string;
  hours: number;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2023-03-02T06:40:00+05:00` for an instant at a UTC offset in minutes. */
function written(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}

/** A crossings file (CSV with the records header) for one member of a region. */
export function demoCrossings(iso3: string, regionMembers: readonly string[], persons = 300): string {
  const rng = rngFor(iso3, 'records');
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng.next() * list.length)]!;
  const partners = regionMembers.filter((m) => m !== iso3);
  const zone = ZONES[iso3] ?? { offsets: [-6] };
  const points = zone.offsets.flatMap((hours, i) => [
    { name: `${iso3} airport ${i + 1}`, type: 'AIR', hours },
    { name: `${iso3} land crossing ${i + 1}`, type: 'LAND', hours },
  ]);
  const offsetAt = (utcMs: number, hours: number) => {
    const month = new Date(utcMs).getUTCMonth();
    return (zone.summer !== undefined && month >= 3 && month <= 9 ? zone.summer : hours) * 60;
  };
  const sending = SENDING.has(iso3);
  const rows: string[] = ['RECORD_ID,PERSON_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR,PARTNER_COUNTRY'];
  let serial = 0;
  const record = (c: CrossingRecord) => {
    serial += 1;
    rows.push(
      [
        `${iso3}-MC${pad(serial, 7)}`,
        c.person,
        written(c.at, offsetAt(c.at, c.point.hours)),
        c.direction,
        c.point.type,
        c.point.name,
        c.citizenship,
        c.sex,
        c.birthYear,
        c.partner,
      ].join(','),
    );
  };
  for (let p = 0; p < persons; p += 1) {
    const roll = rng.next();
    const kind = sending
      ? roll < 0.35
        ? 'seasonal'
        : roll < 0.5
          ? 'emigrant'
          : roll < 0.7
            ? 'settler'
            : 'visitor'
      : roll < 0.1
        ? 'seasonal'
        : roll < 0.2
          ? 'emigrant'
          : roll < 0.5
            ? 'settler'
            : 'visitor';
    const citizen = kind === 'seasonal' || kind === 'emigrant';
    const citizenship = citizen ? iso3 : pick(partners);
    const sex = rng.next() < (kind === 'seasonal' ? 0.8 : 0.5) ? 'M' : 'F';
    const birthYear = rng.int(kind === 'visitor' ? 1950 : 1965, 2005);
    const person = `${iso3}-${pad(p, 6)}`;
    const abroad = pick(partners);
    let at = FIRST + rng.int(0, kind === 'visitor' ? 2100 : 1500) * DAY + rng.int(0, 86_399) * 1000;
    const cross = (direction: 'ENTRY' | 'EXIT', partner: string) => {
      if (at > LAST) return false;
      record({ person, at, direction, point: pick(points), citizenship, sex, birthYear, partner });
      return true;
    };
    if (kind === 'seasonal') {
      // Leaves in spring, back before winter; now and then stays away more than a year.
      while (cross('EXIT', abroad)) {
        at += (rng.next() < 0.12 ? rng.int(380, 560) : rng.int(150, 240)) * DAY + rng.int(0, 86_399) * 1000;
        if (!cross('ENTRY', abroad)) break;
        at += rng.int(90, 200) * DAY;
      }
    } else if (kind === 'emigrant') {
      if (cross('EXIT', abroad)) {
        for (at += rng.int(200, 400) * DAY; rng.next() < 0.6; at += rng.int(300, 400) * DAY) {
          if (!cross('ENTRY', abroad)) break;
          at += rng.int(10, 30) * DAY;
          if (!cross('EXIT', abroad)) break;
        }
      }
    } else if (kind === 'settler') {
      if (cross('ENTRY', citizenship)) {
        for (at += rng.int(200, 500) * DAY; rng.next() < 0.7; at += rng.int(200, 500) * DAY) {
          if (!cross('EXIT', citizenship)) break;
          at += rng.int(7, 40) * DAY;
          if (!cross('ENTRY', citizenship)) break;
        }
        if (rng.next() < 0.3) cross('EXIT', citizenship);
      }
    } else {
      for (let trip = rng.int(1, 5); trip > 0; trip -= 1) {
        if (!cross('ENTRY', citizenship)) break;
        at += rng.int(2, 30) * DAY;
        if (!cross('EXIT', citizenship)) break;
        at += rng.int(60, 700) * DAY;
      }
    }
  }
  for (const c of longTermMovers(iso3, partners, points, offsetAt, persons)) record(c);
  return `${rows.join('\n')}\n`;
}

/** Years whose long-term movers the demo generates (the 12/16-month rule publishes them from 2020). */
const MOVER_YEARS = [2020, 2021, 2022, 2023];
/** Local months the movers cross in: contracts abroad start in April, arrivals settle in September. */
const EMIGRATION_MONTH = 3;
const IMMIGRATION_MONTH = 8;

/** One crossing before it is written as a CSV row (RECORD_ID is numbered as rows are written). */
interface CrossingRecord {
  person: string;
  /** The instant, UTC milliseconds. */
  at: number;
  direction: 'ENTRY' | 'EXIT';
  point: BorderPoint;
  citizenship: string;
  sex: string;
  birthYear: number;
  partner: string;
}

/**
 * Long-term movers between the member and each partner, every year: a group of the member's
 * citizens leaves for the partner in April for a year or more (labour contracts), and a group of
 * the partner's citizens arrives in September and stays (study, family). Moves in a few months of
 * the year, as contract and school calendars make them, give every partner a monthly long-term
 * migration cell at or above the disclosure threshold in those months, so both sides of every
 * pair of members are published (the rest of the year stays as sparse as a small member's).
 * Some come back (or leave again) after two or three years, which the rule counts the other way.
 */
function longTermMovers(
  iso3: string,
  partners: readonly string[],
  points: readonly BorderPoint[],
  offsetAt: (utcMs: number, hours: number) => number,
  /** The number of the first mover (the other travellers come before). */
  first: number,
): CrossingRecord[] {
  const rng = rngFor(iso3, 'movers');
  const out: CrossingRecord[] = [];
  let n = first;
  // Midday local time on a day in the month: the local month is the one meant at every offset.
  const dayIn = (year: number, month0: number, point: BorderPoint) =>
    Date.UTC(year, month0, rng.int(3, 26), 12) - offsetAt(Date.UTC(year, month0, 15), point.hours) * 60_000;
  for (const year of MOVER_YEARS) {
    for (const partner of partners) {
      for (const [direction, month0, citizenship] of [
        ['EXIT', EMIGRATION_MONTH, iso3],
        ['ENTRY', IMMIGRATION_MONTH, partner],
      ] as const) {
        for (let k = rng.int(3, SENDING.has(direction === 'EXIT' ? iso3 : partner) ? 9 : 6); k > 0; k -= 1) {
          const person = `${iso3}-${pad(n, 6)}`;
          n += 1;
          const sex = rng.next() < 0.6 ? 'M' : 'F';
          const birthYear = rng.int(1970, 2002);
          const point = points[Math.floor(rng.next() * points.length)]!;
          const at = dayIn(year, month0, point);
          out.push({ person, at, direction, point, citizenship, sex, birthYear, partner });
          // A return (or a departure) two or three years later, while the records still run.
          const back = at + rng.int(730, 1100) * DAY;
          if (rng.next() < 0.3 && back <= LAST) {
            const other = direction === 'EXIT' ? 'ENTRY' : 'EXIT';
            out.push({ person, at: back, direction: other, point, citizenship, sex, birthYear, partner });
          }
        }
      }
    }
  }
  return out;
}
