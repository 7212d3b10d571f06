// The shapes the report builder reads from the graph (see schema/contract/*.graphql).

export type Frequency = 'A' | 'Q' | 'M';

export interface Code {
  id: string;
  name: string;
}

export interface DimensionDef {
  id: string;
  name: string;
}

export interface IndicatorDef {
  code: string;
  name: string;
  definition: string;
  unit: string;
  frequency: Frequency;
  dimensions: DimensionDef[];
  /** The catalog's coverage rule: share of the region's members a regional total needs (0–1). */
  regionalTotalMinimumShare: number;
  /** Whether the name and definition in the page's language were reviewed by the network. */
  translationReviewed?: boolean;
  /** A stock (people counted on a day) rather than a flow: its months or quarters are never summed. */
  stock?: boolean | null;
}

export interface Member {
  iso3: string;
  name: string;
}

export interface Region {
  id: string;
  name: string;
  secretariat: string;
}

export interface Coverage {
  indicator: string;
  firstPeriod: string;
  lastPeriod: string;
  periods: number;
  lastRelease: string | null;
  lastPublishedAt: string | null;
}

export interface Observation {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  release: string | null;
  dimensions: { dimension: string; code: string }[];
  /** Revision mark: an earlier release published a different value (absent on graphs without it). */
  revised?: boolean | null;
  previousValue?: number | null;
  /** On a figure added up from months or quarters: the parts' statuses when they differ. */
  statuses?: string[];
  /** On a figure added up from months or quarters: how many parts have no figure. */
  missingParts?: number;
}

export interface NationalMetadata {
  nationalDefinition: string | null;
  differenceFromAgreed: string | null;
  sourceType: string | null;
  agency: string | null;
  coverage: string | null;
  comparability: string | null;
}

/** One member's part of a report: `unavailable` names why its figures are missing altogether. */
export interface MemberResult extends Member {
  observations: Observation[] | null;
  /** When the report adds months or quarters up: the figures as the member published them. */
  published?: Observation[] | null;
  metadata: NationalMetadata | null;
  unavailable?: string;
}

/** Everything a report is made of: the data as the graph returned it, and what was asked. */
export interface ReportData {
  indicator: IndicatorDef;
  /** The periods shown, in order: those of the range (at the report's frequency) with any figure. */
  periods: string[];
  /** Periods of the range for which no member of the report has anything (left out of the table). */
  emptyPeriods?: string[];
  /** Set when months or quarters are added up into this coarser frequency. */
  aggregate?: Frequency;
  /** Breakdown dimensions with the codes to show (those present in the data), in order. */
  breakdowns: { dimension: DimensionDef; codes: Code[] }[];
  members: MemberResult[];
  /** Whether the report covers every member of the region, and how many the region has. */
  scope: { allMembers: boolean; regionMembers: number };
}
