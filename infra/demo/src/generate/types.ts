import type { SourceType } from './profile.js';

/** One generated figure, in the shape the country subgraph stores (SDMX codes throughout). */
export interface GeneratedObservation {
  /** ISO3 of the reporting member. */
  country: string;
  /** Catalog indicator code. */
  indicator: string;
  /** `'2019'` for annual data, `'2019-03'` for monthly data. */
  period: string;
  /** Every dimension of the indicator; `'_T'` where the figure is the total over that dimension. */
  dimensions: Record<string, string>;
  value: number | null;
  /** SDMX OBS_STATUS: A normal, P provisional (latest year), E estimated, B break in series. */
  status: string;
  /** SDMX CONF_STATUS: F free. */
  confidentiality: string;
  /** The release the figure belongs to, one per data year: `'2024 annual'`. */
  release: string;
}

export interface GeneratedMetadata {
  country: string;
  indicator: string;
  nationalDefinition: string;
  differenceFromAgreed: string | null;
  sourceType: SourceType;
  agency: string;
  coverage: string;
  comparability: string | null;
}

export type DocumentKind = 'LAW' | 'REGULATION' | 'POLICY' | 'STRATEGY' | 'AGREEMENT' | 'REPORT';

export interface GeneratedDocument {
  country: string;
  id: string;
  title: string;
  kind: DocumentKind;
  /** ISO 639-1. */
  language: string;
  /** YYYY-MM-DD. */
  adopted: string;
  /** Always on an `.example` domain: these documents do not exist. */
  url: string;
  summary: string;
}

export interface GenerateOptions {
  /** First data year, default 2015. */
  fromYear?: number;
  /** Last data year, default 2024; its figures are provisional. */
  toYear?: number;
  /** Varies the noise; the same (country, seed) always gives the same data. Default 1. */
  seed?: number;
}

/** A national release and when it was published (demo: each data year at the end of next March). */
export interface GeneratedRelease {
  name: string;
  publishedAt: string;
}

export interface GeneratedCountryData {
  /** The figures readers see now. */
  observations: GeneratedObservation[];
  /**
   * Figures published first and later revised (the demo's one revision: work permits of the year
   * before last, provisional in its annual release, replaced by a revised release in September).
   */
  revised: GeneratedObservation[];
  metadata: GeneratedMetadata[];
  documents: GeneratedDocument[];
  releases: GeneratedRelease[];
}
