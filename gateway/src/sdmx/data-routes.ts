// Data queries: SDMX 2.1 `data/{flow}/{key}/{provider}` and SDMX 3.0
// `data/dataflow/{agency}/{id}/{version}/{key}`, in the negotiated format.
import { parsePeriod, periodError } from '@migfed/schema';
import type { Request, Response } from 'express';
import type { StructureSource } from './catalog.js';
import { csvData } from './data-csv.js';
import { jsonData } from './data-json.js';
import { type DataParams, limitObservations, planData, runData } from './data-query.js';
import { type AtObservation, type Detail, genericData, structureSpecificData } from './data-xml.js';
import { noResults, notImplemented, SdmxError, semantic } from './errors.js';
import type { Execute } from './execute.js';
import { applyComponentFilters, parseKey } from './key.js';
import { AGENCY, DATAFLOW, type SdmxStructures } from './model.js';
import { DATA_OFFERS, type DataFormat, negotiate } from './negotiate.js';
import { type CacheSetup, cacheKeyOf, type ErrorStyle, fromCache, generationOf, sendAnswer, sendError } from './respond.js';
import type { DsdVersion } from './versions.js';

export interface DataDeps {
  structures: StructureSource;
  execute: Execute;
  cache: CacheSetup;
  log: Pick<Console, 'error'>;
}

const DETAILS: Detail[] = ['full', 'dataonly', 'serieskeysonly', 'nodata'];
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `MIGFED,DF_MIGRATION,1.0`, `MIGFED,DF_MIGRATION`, `DF_MIGRATION` (latest); 404 for any other flow. */
export function resolveFlow(s: SdmxStructures, flow: string): DsdVersion {
  const parts = flow.split(',');
  const [agency, id, version] = parts.length === 1 ? [AGENCY, parts[0], undefined] : parts;
  return resolveFlowParts(s, agency, id, version);
}

export function resolveFlowParts(
  s: SdmxStructures,
  agency: string | undefined,
  id: string | undefined,
  version: string | undefined,
): DsdVersion {
  if (agency !== AGENCY && agency !== 'all' && agency !== '*')
    throw noResults(`No dataflow of agency "${agency}"; this API serves ${AGENCY}`);
  if (id !== DATAFLOW) throw noResults(`No dataflow "${id}"; this API serves ${DATAFLOW}`);
  if (!version || version === 'latest' || version === '~') return s.latest;
  const v = s.version(version);
  if (!v) throw noResults(`${DATAFLOW} has no version "${version}"; versions: ${s.versions.map((x) => x.version).join(', ')}`);
  return v;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw semantic(`${name}=${value}: a positive whole number is expected`);
  return Number(value);
}

function instant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw semantic(`${name}=${value}: an ISO 8601 instant is expected, e.g. 2025-03-01T09:00:00Z`);
  }
  return new Date(value).toISOString();
}

/** An SDMX time period (2023, 2023-Q1, 2023-01), checked here so the error names the parameter. */
function period(name: string, value: string | undefined): { [k: string]: string } {
  if (value === undefined) return {};
  if (!parsePeriod(value)) throw semantic(periodError(value, name));
  return { [name]: value };
}

function bool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw semantic(`${name}=${value}: true or false is expected`);
}

const styleOf = (f: DataFormat): ErrorStyle => (f === 'json' ? 'json' : f === 'csv1' || f === 'csv2' ? 'text' : 'xml');

interface Common {
  params: DataParams;
  first?: number;
  last?: number;
  detail: Detail;
  at: AtObservation;
}

function commonParams(q: Request['query']): Common {
  const detail = (str(q.detail) ?? 'full') as Detail;
  if (!DETAILS.includes(detail)) throw semantic(`detail=${detail} is not one of ${DETAILS.join(', ')}`);
  const at = str(q.dimensionAtObservation) ?? 'TIME_PERIOD';
  if (at !== 'TIME_PERIOD' && at !== 'AllDimensions')
    throw notImplemented(`dimensionAtObservation=${at} (only TIME_PERIOD and AllDimensions)`);
  const includeHistory = bool('includeHistory', str(q.includeHistory));
  const asOf = instant('asOf', str(q.asOf));
  if (includeHistory && asOf) throw semantic('includeHistory=true and asOf ask for different things: give one of them');
  const updatedAfter = instant('updatedAfter', str(q.updatedAfter));
  return {
    params: { includeHistory, ...(asOf ? { asOf } : {}), ...(updatedAfter ? { updatedAfter } : {}) },
    first: positiveInt('firstNObservations', str(q.firstNObservations)),
    last: positiveInt('lastNObservations', str(q.lastNObservations)),
    detail,
    at,
  };
}

type Parse = (s: SdmxStructures, req: Request) => { version: DsdVersion; key: ReturnType<typeof parseKey>; common: Common };

function dataHandler(deps: DataDeps, parse: Parse) {
  return async (req: Request, res: Response) => {
    let style: ErrorStyle = 'xml';
    try {
      const offer = negotiate(DATA_OFFERS, req.headers.accept, str(req.query.format));
      style = styleOf(offer.format);
      const labels = str(req.query.labels) ?? 'id';
      if (labels !== 'id' && labels !== 'both') throw notImplemented(`labels=${labels} (only id and both)`);
      const cacheKey = cacheKeyOf(req, offer.format);
      if (fromCache(req, res, deps.cache, cacheKey, offer.mediaType)) return;
      const generation = generationOf(deps.cache);
      const s = await deps.structures.get();
      const { version, key, common } = parse(s, req);
      const plan = planData(s, version, key, common.params);
      if (!plan) throw noResults('No indicator of the catalog has series matching this key');
      const result = await runData(deps.execute, s, version, plan, common.params);
      limitObservations(result, common.first, common.last);
      const series = result.dataSets.reduce((n, ds) => n + ds.series.length, 0);
      const askedFor = plan.members ?? s.codelists.get('CL_REF_AREA')!.codes.map((c) => c.id);
      if (series === 0) {
        if (result.missing.length && result.missing.length >= askedFor.length) {
          throw new SdmxError(503, `No member could answer: ${result.missing.map((m) => m.message).join('; ')}`);
        }
        if (!result.missing.length) throw noResults();
      }
      const opt = { detail: common.detail, atObservation: common.at };
      const chunks =
        offer.format === 'generic'
          ? genericData(result, opt)
          : offer.format === 'structurespecific'
            ? structureSpecificData(result, opt)
            : offer.format === 'json'
              ? jsonData(s, result, common.detail)
              : csvData(s, result, { version: offer.format === 'csv1' ? 1 : 2, labels, detail: common.detail });
      const subgraphs = new Set(['registry', ...askedFor.map((c) => `country_${c.toLowerCase()}`)]);
      await sendAnswer(req, res, deps.cache, cacheKey, {
        contentType: offer.mediaType,
        chunks,
        missing: result.missing.map((m) => m.country),
        subgraphs,
        generation,
      });
    } catch (err) {
      sendError(res, err, style, deps.log);
    }
  };
}

/** GET /sdmx/2.1/data/{flow}/{key}/{provider} */
export function data21Handler(deps: DataDeps) {
  return dataHandler(deps, (s, req) => {
    const p = req.params as Record<string, string | undefined>;
    if (p.provider && p.provider !== 'all') throw notImplemented('data providers in the path (use all)');
    const version = resolveFlow(s, p.flow!);
    const common = commonParams(req.query);
    common.params = {
      ...common.params,
      ...period('startPeriod', str(req.query.startPeriod)),
      ...period('endPeriod', str(req.query.endPeriod)),
    };
    return { version, key: parseKey(p.key, s.keyOf(version)), common };
  });
}

/** `c[TIME_PERIOD]=ge:2019+le:2023` (or a single period) onto startPeriod/endPeriod. */
function timeFilter(value: string): Pick<DataParams, 'startPeriod' | 'endPeriod'> {
  const out: Pick<DataParams, 'startPeriod' | 'endPeriod'> = {};
  for (const part of value.split(/[+,]/)) {
    const [op, value] = part.includes(':') ? (part.split(':') as [string, string]) : ['eq', part];
    if (!['ge', 'le', 'eq'].includes(op)) throw notImplemented(`c[TIME_PERIOD] with ${op}: (only ge:, le: and eq:)`);
    if (!parsePeriod(value)) throw semantic(periodError(value, 'c[TIME_PERIOD]'));
    if (op === 'ge' || op === 'eq') out.startPeriod = value;
    if (op === 'le' || op === 'eq') out.endPeriod = value;
  }
  return out;
}

/** GET /sdmx/3.0/data/dataflow/{agency}/{id}/{version}/{key} */
export function data30Handler(deps: DataDeps) {
  return dataHandler(deps, (s, req) => {
    const p = req.params as Record<string, string | undefined>;
    const version = resolveFlowParts(s, p.agency, p.id, p.version === '*' ? undefined : p.version);
    const dims = s.keyOf(version);
    const common = commonParams(req.query);
    const filters: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.query)) {
      const m = /^c\[(.+)\]$/.exec(name);
      if (m && typeof value === 'string') filters[m[1]!] = value;
    }
    // Express's query parser turns c[X]=… into { c: { X: … } }.
    const c = req.query.c;
    if (c && typeof c === 'object' && !Array.isArray(c)) for (const [k, v] of Object.entries(c)) if (typeof v === 'string') filters[k] = v;
    if (filters.TIME_PERIOD) {
      common.params = { ...common.params, ...timeFilter(filters.TIME_PERIOD) };
      delete filters.TIME_PERIOD;
    }
    for (const unsupported of ['attributes', 'measures']) {
      const v = str(req.query[unsupported]);
      if (v && v !== 'all' && v !== 'dsd') throw notImplemented(`${unsupported}=${v}`);
    }
    const key = applyComponentFilters(parseKey(p.key === '*' ? undefined : p.key, dims), filters, dims);
    return { version, key, common };
  });
}
