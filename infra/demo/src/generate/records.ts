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
      const point = pick(points);
      serial += 1;
      rows.push(
        [
          `${iso3}-MC${pad(serial, 7)}`,
          person,
          written(at, offsetAt(at, point.hours)),
          direction,
          point.type,
          point.name,
          citizenship,
          sex,
          birthYear,
          partner,
        ].join(','),
      );
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
  return `${rows.join('\n')}\n`;
}
