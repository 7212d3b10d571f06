// The SDMX view of the region's catalog: what the structure writers print and data queries check
// keys against. Built from the registry's answer (catalog.ts), never from files, so a new
// indicator or code needs no change here.
import type { DsdVersion } from './versions.js';

export const AGENCY = 'MIGFED';
export const DATAFLOW = 'DF_MIGRATION';
export const DSD = 'DSD_MIGRATION';
export const CONCEPT_SCHEME = 'CS_MIGFED';
/** Codelists and the concept scheme are versioned on their own; they only ever gain codes. */
export const ITEM_SCHEME_VERSION = '1.0';
/** SDMX "not applicable": the code of a dimension an indicator does not have. */
export const NOT_APPLICABLE = '_Z';

export interface SdmxCode {
  id: string;
  name: string;
}

export interface SdmxCodelist {
  id: string;
  name: string;
  description?: string;
  codes: SdmxCode[];
}

export interface SdmxIndicator {
  code: string;
  name: string;
  definition: string;
  unit: string;
  frequency: string;
  dimensions: string[];
}

export interface SdmxConcept {
  id: string;
  name: string;
  description?: string;
}

/** One component of the key: its concept and codelist. */
export interface KeyDimension {
  id: string;
  codelist: SdmxCodelist;
  /** For catalog dimensions; FREQ, REF_AREA and INDICATOR are the dataflow's own. */
  catalog: boolean;
}

export interface SdmxStructures {
  regionId: string;
  regionName: string;
  indicators: SdmxIndicator[];
  /** CL_… by id. */
  codelists: Map<string, SdmxCodelist>;
  concepts: SdmxConcept[];
  versions: DsdVersion[];
  /** Key dimensions of a version, in key order (TIME_PERIOD not included). */
  keyOf(version: DsdVersion): KeyDimension[];
  latest: DsdVersion;
  version(v: string): DsdVersion | undefined;
}

export const codelistId = (id: string) => `CL_${id}`;

export const urn = (cls: string, agency: string, id: string, version: string, item?: string) =>
  `urn:sdmx:org.sdmx.infomodel.${cls}=${agency}:${id}(${version})${item ? `.${item}` : ''}`;
