// Structure queries (SDMX 2.1 REST): dataflow, datastructure, codelist, conceptscheme and
// availableconstraint, each as SDMX-ML 2.1 (default) or SDMX-JSON 2.0.
import type { Request, Response } from 'express';
import type { StructureSource } from './catalog.js';
import { noResults, notImplemented, semantic } from './errors.js';
import type { Execute } from './execute.js';
import { parseKey } from './key.js';
import { AGENCY, CONCEPT_SCHEME, DATAFLOW, DSD, ITEM_SCHEME_VERSION, type SdmxStructures } from './model.js';
import { negotiate, STRUCTURE_OFFERS } from './negotiate.js';
import { type CacheSetup, cacheKeyOf, fromCache, generationOf, sendAnswer, sendError } from './respond.js';
import { dataSchema } from './data-schema.js';
import { structureJson } from './structure-json.js';
import { type Availability, type StructureSelection, structureMessage } from './structure-xml.js';
import type { DsdVersion } from './versions.js';

const REFERENCES = ['none', 'parents', 'parentsandsiblings', 'children', 'descendants', 'all'];

export interface StructureDeps {
  structures: StructureSource;
  execute: Execute;
  cache: CacheSetup;
  log: Pick<Console, 'error'>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `all`, `latest` and an exact version; undefined (nothing matches) otherwise. */
export function selectVersions(s: SdmxStructures, version: string | undefined): DsdVersion[] {
  if (!version || version === 'all' || version === '*') return s.versions;
  if (version === 'latest' || version === '~') return [s.latest];
  const v = s.version(version);
  return v ? [v] : [];
}

const matches = (asked: string | undefined, actual: string) => !asked || asked === 'all' || asked === '*' || asked === actual;

function emptySelection(): StructureSelection {
  return { dataflows: [], dataStructures: [], codelists: [], conceptScheme: false, constraints: [] };
}

function withChildren(s: SdmxStructures, sel: StructureSelection, versions: DsdVersion[]) {
  const ids = new Set(versions.flatMap((v) => s.keyOf(v).map((d) => d.codelist.id)));
  for (const id of ['CL_OBS_STATUS', 'CL_CONF_STATUS', 'CL_UNIT_MEASURE']) ids.add(id);
  sel.codelists = [...s.codelists.values()].filter((c) => ids.has(c.id));
  sel.conceptScheme = true;
}

/** The structures one path asks for, with their references. */
export function selectStructures(
  s: SdmxStructures,
  type: string,
  agency?: string,
  id?: string,
  version?: string,
  references = 'none',
): StructureSelection {
  if (!REFERENCES.includes(references)) {
    if (['datastructure', 'dataflow', 'codelist', 'conceptscheme'].includes(references)) {
      throw notImplemented(`references=${references}`);
    }
    throw semantic(`references=${references} is not one of ${REFERENCES.join(', ')}`);
  }
  const sel = emptySelection();
  if (!matches(agency, AGENCY)) return sel;
  const versions = selectVersions(s, version);
  const deep = references === 'descendants' || references === 'all';
  const up = references === 'parents' || references === 'parentsandsiblings' || references === 'all';
  if (type === 'dataflow') {
    if (!matches(id, DATAFLOW)) return sel;
    sel.dataflows = versions;
    if (references === 'children' || deep) sel.dataStructures = versions;
    if (deep) withChildren(s, sel, versions);
  } else if (type === 'datastructure') {
    if (!matches(id, DSD)) return sel;
    sel.dataStructures = versions;
    if (references === 'children' || deep) withChildren(s, sel, versions);
    if (up) sel.dataflows = versions;
  } else if (type === 'codelist') {
    const itemVersions = !version || ['all', 'latest', '*', '~', ITEM_SCHEME_VERSION].includes(version);
    sel.codelists = itemVersions ? [...s.codelists.values()].filter((c) => matches(id, c.id)) : [];
    if (up && sel.codelists.length) {
      const ids = new Set(sel.codelists.map((c) => c.id));
      sel.dataStructures = s.versions.filter((v) => s.keyOf(v).some((d) => ids.has(d.codelist.id)) || ids.has('CL_OBS_STATUS'));
    }
  } else if (type === 'conceptscheme') {
    const itemVersions = !version || ['all', 'latest', '*', '~', ITEM_SCHEME_VERSION].includes(version);
    sel.conceptScheme = itemVersions && matches(id, CONCEPT_SCHEME);
    if (up && sel.conceptScheme) sel.dataStructures = s.versions;
  }
  return sel;
}

const isEmpty = (sel: StructureSelection) =>
  !sel.dataflows.length && !sel.dataStructures.length && !sel.codelists.length && !sel.conceptScheme && !sel.constraints.length;

/** GET /sdmx/2.1/{dataflow|datastructure|codelist|conceptscheme}/{agency}/{id}/{version} */
export function structureHandler(deps: StructureDeps, type: string) {
  return async (req: Request, res: Response) => {
    let style: 'xml' | 'json' = 'xml';
    try {
      const offer = negotiate(STRUCTURE_OFFERS, req.headers.accept, str(req.query.format));
      style = offer.format === 'structurejson' ? 'json' : 'xml';
      const detail = str(req.query.detail) ?? 'full';
      if (detail !== 'full') throw notImplemented(`detail=${detail} for structures`);
      const key = cacheKeyOf(req, offer.format);
      if (fromCache(req, res, deps.cache, key, offer.mediaType)) return;
      const generation = generationOf(deps.cache);
      const s = await deps.structures.get();
      const p = req.params as Record<string, string | undefined>;
      const sel = selectStructures(s, type, p.agency, p.id, p.version, str(req.query.references) ?? 'none');
      if (isEmpty(sel)) throw noResults(`No ${type} matches ${[p.agency, p.id, p.version].filter(Boolean).join('/') || 'the query'}`);
      const chunks = style === 'json' ? structureJson(s, sel) : structureMessage(s, sel);
      await sendAnswer(req, res, deps.cache, key, {
        contentType: offer.mediaType,
        chunks,
        missing: [],
        subgraphs: new Set(['registry']),
        generation,
      });
    } catch (err) {
      sendError(res, err, style, deps.log);
    }
  };
}

/** GET /sdmx/2.1/availableconstraint/{flow}/{key}: per member, the indicators and periods it has published. */
export function availabilityHandler(deps: StructureDeps, resolveFlow: (s: SdmxStructures, flow: string) => DsdVersion) {
  return async (req: Request, res: Response) => {
    let style: 'xml' | 'json' = 'xml';
    try {
      const offer = negotiate(STRUCTURE_OFFERS, req.headers.accept, str(req.query.format));
      style = offer.format === 'structurejson' ? 'json' : 'xml';
      const p = req.params as Record<string, string | undefined>;
      if (p.componentID && p.componentID !== 'all') throw notImplemented('availableconstraint for one component');
      const key = cacheKeyOf(req, offer.format);
      if (fromCache(req, res, deps.cache, key, offer.mediaType)) return;
      const generation = generationOf(deps.cache);
      const s = await deps.structures.get();
      const version = resolveFlow(s, p.flow!);
      const parsed = parseKey(p.key, s.keyOf(version));
      const members = parsed.get('REF_AREA') ?? null;
      const res0 = await deps.execute(
        'query MigfedSdmxAvailability($members: [ID!]) { countries(iso3: $members) { iso3 coverage { indicator firstPeriod lastPeriod } } }',
        { members },
      );
      const countries = (res0.data?.countries ?? []) as {
        iso3: string;
        coverage: { indicator: string; firstPeriod: string; lastPeriod: string }[] | null;
      }[];
      const wanted = parsed.get('INDICATOR');
      const freq = parsed.get('FREQ');
      const availability: Availability = { version, regions: [] };
      for (const c of countries) {
        const cov = (c.coverage ?? []).filter((x) => {
          const ind = s.indicators.find((i) => i.code === x.indicator);
          return ind && (!wanted || wanted.includes(ind.code)) && (!freq || freq.includes(ind.frequency));
        });
        if (!cov.length) continue;
        const frequencies = [...new Set(cov.map((x) => s.indicators.find((i) => i.code === x.indicator)!.frequency))];
        const from = cov.map((x) => x.firstPeriod).sort()[0]!;
        const to = cov
          .map((x) => x.lastPeriod)
          .sort()
          .at(-1)!;
        availability.regions.push({ refArea: c.iso3, indicators: cov.map((x) => x.indicator), frequencies, from, to });
      }
      const missing = [...new Set((res0.errors ?? []).map((e) => e.extensions?.country).filter((c): c is string => typeof c === 'string'))];
      if (!availability.regions.length && !missing.length) throw noResults('No member has published data matching the key');
      const sel = { ...emptySelection(), constraints: [availability] };
      const chunks = style === 'json' ? structureJson(s, sel) : structureMessage(s, sel);
      const subgraphs = new Set(['registry', ...countries.map((c) => `country_${c.iso3.toLowerCase()}`)]);
      await sendAnswer(req, res, deps.cache, key, { contentType: offer.mediaType, chunks, missing, subgraphs, generation });
    } catch (err) {
      sendError(res, err, style, deps.log);
    }
  };
}

/** GET /sdmx/2.1/schema/{datastructure|dataflow}/{agency}/{id}/{version}: the XSD of StructureSpecific data. */
export function schemaHandler(deps: StructureDeps) {
  return async (req: Request, res: Response) => {
    try {
      const s = await deps.structures.get();
      const p = req.params as Record<string, string | undefined>;
      const expected = p.context === 'dataflow' ? DATAFLOW : p.context === 'datastructure' ? DSD : undefined;
      if (!expected) throw notImplemented(`schema/${p.context}`);
      if (!matches(p.agency, AGENCY) || p.id !== expected) throw noResults(`No ${p.context} ${p.agency}/${p.id}`);
      const [version] = selectVersions(s, p.version ?? 'latest');
      if (!version) throw noResults(`No version ${p.version} of ${p.id}`);
      const at = str(req.query.dimensionAtObservation) ?? 'TIME_PERIOD';
      if (at !== 'TIME_PERIOD' && at !== 'AllDimensions')
        throw notImplemented(`dimensionAtObservation=${at} (only TIME_PERIOD and AllDimensions)`);
      res
        .status(200)
        .type('application/xml; charset=utf-8')
        .set('cache-control', 'no-cache')
        .send(dataSchema(s, version, at));
    } catch (err) {
      sendError(res, err, 'xml', deps.log);
    }
  };
}
