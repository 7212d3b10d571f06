import type { Keyframes, Partners } from './series.js';

/**
 * What a member's generated data should look like. The numbers are PLAUSIBLE, NOT REAL: rough orders of
 * magnitude and directions of change chosen so the demo looks like a migration statistics system; they
 * are not taken from, and must never be quoted as, any country's published statistics.
 *
 * Levels are keyframes (`'2015:2e6 2024:2.6e6'`, see series.ts); shares use `'CODE:weight …'` with `_O`
 * for every other country. Partner lists never contain the country itself.
 */
export interface Profile {
  iso3: string;
  region: 'dsm' | 'siemmes';
  /** Resident population in millions, for orientation and sanity checks. */
  population: number;
  /** ISO 639-1 code of the official language its legal acts are published in. */
  language: string;
  /** One line on the migration character the figures follow. */
  character: string;

  stock: Keyframes;
  residence: Keyframes;
  work: Keyframes;
  asylum: Keyframes;
  returns: Keyframes;
  /** Border crossings per year (both directions, everyone), before the pandemic and seasonality. */
  border: Keyframes;
  /** Census year → foreign-born population; only these years get FOREIGN_BORN_POPULATION. */
  census: Record<number, number>;

  residents: Partners;
  workers?: Partners;
  asylumFrom: Partners;
  returnsTo?: Partners;
  bornIn?: Partners;
  /** Citizenship of foreign travellers; nationals are added from `natShare`. */
  travellers: Partners;
  natShare: number;
  /** Only the border types the country has. */
  borderTypes: string;
  reasons?: string;
  decisions?: string;
  /** First-instance decisions per application (a backlog shows as a low rate). */
  decisionRate?: number;
  forcedShare?: number;
  /** Share of the citizens living in another member that the consulates register (CITIZENS_ABROAD; default 0.7). */
  registration?: number;
  female?: Partial<FemaleShares>;
  seasonality?: number;
  holidayPeak?: number;
  /** A special course of border traffic: war from February 2022, or borders closed 2020–2022. */
  shock?: 'war' | 'closed';
  /** A border type whose traffic stops or shrinks from a month on (closed airspace, closed land border). */
  borderShifts?: Array<{ type: string; from: string; factor: number }>;

  /** The one break in series (OBS_STATUS B) of the member, and why. */
  breakIn: { indicator: string; period: string; note: string };
  /** Extra estimated periods (OBS_STATUS E), as `'INDICATOR:period'`. */
  estimated?: string[];
  /** How the national definition differs from the agreed one, by indicator. */
  differences?: Record<string, string>;
  comparability?: Record<string, string>;
  sources?: Record<string, SourceType>;
  coverage?: string;
  /** A readmission, labour or mobility agreement among the member's documents. */
  agreement?: { title: string; language: string; adopted: string };
}

export type SourceType = 'ADMINISTRATIVE_RECORDS' | 'CENSUS' | 'SURVEY' | 'ESTIMATE';

export interface FemaleShares {
  stock: number;
  work: number;
  asylum: number;
  born: number;
}

export const DEFAULT_FEMALE: FemaleShares = { stock: 0.45, work: 0.2, asylum: 0.4, born: 0.52 };
export const DEFAULT_REASONS = 'FAM:35 EDUC:12 EMP:35 PROT:3 OTH:15';
export const DEFAULT_DECISIONS = 'RECOGNIZED:15 COMPLEMENTARY:10 REJECTED:55 CLOSED:20';

/**
 * How the female share of a citizenship group differs from the member's average: labour migration from
 * Central and South Asia, China and Türkiye is mostly male; from Ukraine, Belarus or Moldova less so.
 */
export const FEMALE_OFFSET: Record<string, number> = {
  UZB: -0.08,
  TJK: -0.12,
  KGZ: 0.04,
  AFG: -0.1,
  CHN: -0.12,
  IND: -0.15,
  TUR: -0.12,
  IRN: -0.05,
  VNM: 0,
  PAK: -0.15,
  BGD: -0.15,
  KOR: -0.05,
  UKR: 0.1,
  BLR: 0.08,
  MDA: 0.06,
  RUS: 0.06,
  GEO: 0.05,
  ARM: 0.02,
  NIC: 0.06,
  HND: 0.02,
  SLV: 0.03,
  GTM: -0.02,
  VEN: 0.05,
  COL: 0.05,
  CUB: 0.02,
  HTI: -0.04,
  USA: 0.02,
};

/** Age bands (the broad ones) of foreign residents and of the foreign-born enumerated by a census. */
export const AGE_STOCK = 'Y0T4:4 Y5T11:6 Y12T17:5 Y18T59:74 Y_GE60:11';
export const AGE_BORN: Record<Profile['region'], string> = {
  // Most foreign-born in the former Soviet Union were born in another Soviet republic: an old population.
  dsm: 'Y0T4:1 Y5T11:2 Y12T17:3 Y18T59:54 Y_GE60:40',
  siemmes: 'Y0T4:3 Y5T11:6 Y12T17:7 Y18T59:70 Y_GE60:14',
};
