// Content negotiation: the Accept header (what SDMX clients send) or `format=` (for browsers,
// which cannot set headers in a link). Anything not offered is a 406 that lists what is.
import { SdmxError } from './errors.js';

export type DataFormat = 'generic' | 'structurespecific' | 'json' | 'csv1' | 'csv2';
export type StructureFormat = 'structure' | 'structurejson';

interface Offer<F> {
  format: F;
  /** Sent as Content-Type. */
  mediaType: string;
  /** Accepted `type/subtype` and the `version` parameters that match (empty: any). */
  types: string[];
  versions: string[];
  /** Names accepted by `format=`. */
  names: string[];
}

export const DATA_OFFERS: Offer<DataFormat>[] = [
  {
    format: 'generic',
    mediaType: 'application/vnd.sdmx.genericdata+xml; version=2.1; charset=utf-8',
    types: ['application/vnd.sdmx.genericdata+xml', 'application/xml', 'text/xml'],
    versions: ['2.1'],
    names: ['genericdata', 'generic'],
  },
  {
    format: 'structurespecific',
    mediaType: 'application/vnd.sdmx.structurespecificdata+xml; version=2.1; charset=utf-8',
    types: ['application/vnd.sdmx.structurespecificdata+xml'],
    versions: ['2.1'],
    names: ['structurespecificdata', 'structurespecific'],
  },
  {
    format: 'json',
    mediaType: 'application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8',
    types: ['application/vnd.sdmx.data+json', 'application/json'],
    versions: ['2.0.0', '2.0'],
    names: ['jsondata', 'json', 'sdmx-json'],
  },
  {
    format: 'csv1',
    mediaType: 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8',
    types: ['application/vnd.sdmx.data+csv', 'text/csv'],
    versions: ['1.0.0', '1.0'],
    names: ['csv', 'csvdata', 'sdmx-csv'],
  },
  {
    format: 'csv2',
    mediaType: 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
    types: ['application/vnd.sdmx.data+csv', 'text/csv'],
    versions: ['2.0.0', '2.0'],
    names: ['csv2', 'csvdata2', 'sdmx-csv2'],
  },
];

export const STRUCTURE_OFFERS: Offer<StructureFormat>[] = [
  {
    format: 'structure',
    mediaType: 'application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8',
    types: ['application/vnd.sdmx.structure+xml', 'application/xml', 'text/xml'],
    versions: ['2.1'],
    names: ['structure', 'xml', 'sdmx-ml'],
  },
  {
    format: 'structurejson',
    mediaType: 'application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8',
    types: ['application/vnd.sdmx.structure+json', 'application/json'],
    versions: ['2.0.0', '2.0'],
    names: ['structurejson', 'json', 'sdmx-json'],
  },
];

interface Range {
  type: string;
  version: string | undefined;
  q: number;
}

function parseAccept(header: string): Range[] {
  return header
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim().replace(/^"|"$/g, '')) as [string, string]));
      const q = p.q === undefined ? 1 : Number(p.q);
      return { type: type.toLowerCase(), version: p.version, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
}

/**
 * Picks the format: `format=` wins, then the Accept header in order of preference; no header,
 * `*\/*` or `application/*` gives the first offer (the SDMX-ML default).
 */
export function negotiate<F>(offers: Offer<F>[], accept: string | undefined, format: string | undefined): Offer<F> {
  const listed = () => offers.map((o) => `${o.mediaType.split(';').slice(0, 2).join(';')} (format=${o.names[0]})`).join(', ');
  if (format) {
    const f = format.toLowerCase();
    const found = offers.find((o) => o.names.includes(f) || o.mediaType.split(';')[0] === f);
    if (!found) throw new SdmxError(406, `format=${format} is not offered here; offered: ${listed()}`);
    return found;
  }
  if (!accept?.trim()) return offers[0]!;
  for (const r of parseAccept(accept)) {
    if (r.type === '*/*' || r.type === 'application/*') return offers[0]!;
    const found = offers.find((o) => o.types.includes(r.type) && (!r.version || o.versions.includes(r.version)));
    if (found) return found;
  }
  throw new SdmxError(406, `None of the formats in Accept (${accept}) is offered here; offered: ${listed()}`);
}
