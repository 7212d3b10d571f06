// The structures, read from the registry through the federated graph (one operation), kept for a
// short while: the catalog changes with a secretariat's decision, not with every request.
import type { Execute } from './execute.js';
import { SdmxError } from './errors.js';
import {
  codelistId,
  type KeyDimension,
  NOT_APPLICABLE,
  type SdmxCodelist,
  type SdmxConcept,
  type SdmxIndicator,
  type SdmxStructures,
} from './model.js';
import { type DsdVersion, dsdVersions } from './versions.js';

const CATALOG_QUERY = `query MigfedSdmxCatalog {
  region { id name members { iso3 name } }
  indicators { code name definition unit frequency dimensions { id name codelist { id } } }
  codelists { id name description codes { id name } }
}`;

const FREQUENCIES = [
  { id: 'A', name: 'Annual' },
  { id: 'Q', name: 'Quarterly' },
  { id: 'M', name: 'Monthly' },
];

interface CatalogAnswer {
  region: { id: string; name: string; members: { iso3: string; name: string }[] };
  indicators: (Omit<SdmxIndicator, 'dimensions'> & { dimensions: { id: string; name: string; codelist: { id: string } }[] })[];
  codelists: { id: string; name: string; description: string | null; codes: { id: string; name: string }[] }[];
}

const withNotApplicable = (list: SdmxCodelist): SdmxCodelist =>
  list.codes.some((c) => c.id === NOT_APPLICABLE)
    ? list
    : { ...list, codes: [...list.codes, { id: NOT_APPLICABLE, name: 'Not applicable' }] };

/** The SDMX structures for one answer of the registry (pure: tests build them from the catalog files too). */
export function buildStructures(answer: CatalogAnswer): SdmxStructures {
  const codelists = new Map<string, SdmxCodelist>();
  const add = (list: SdmxCodelist) => codelists.set(list.id, list);
  add({ id: codelistId('FREQ'), name: 'Frequency', codes: FREQUENCIES });
  add({
    id: codelistId('REF_AREA'),
    name: `Members of ${answer.region.name}`,
    codes: answer.region.members.map((m) => ({ id: m.iso3, name: m.name })),
  });
  add({
    id: codelistId('INDICATOR'),
    name: 'Indicators of the agreed catalog',
    codes: answer.indicators.map((i) => ({ id: i.code, name: i.name })),
  });
  const units = [...new Set(answer.indicators.map((i) => i.unit))];
  add({
    id: codelistId('UNIT_MEASURE'),
    name: 'Unit of measure',
    codes: units.map((u) => ({ id: u, name: u.charAt(0) + u.slice(1).toLowerCase() })),
  });
  const byId = new Map(answer.codelists.map((c) => [c.id, c]));
  const listOf = (id: string): SdmxCodelist => {
    const c = byId.get(id);
    return { id: codelistId(id), name: c?.name ?? id, ...(c?.description ? { description: c.description } : {}), codes: c?.codes ?? [] };
  };
  for (const id of ['OBS_STATUS', 'CONF_STATUS']) add(listOf(id));
  const dimensionCodelist = new Map<string, string>();
  const concepts: SdmxConcept[] = [
    { id: 'FREQ', name: 'Frequency' },
    { id: 'REF_AREA', name: 'Reference area (member)' },
    { id: 'INDICATOR', name: 'Indicator' },
  ];
  for (const ind of answer.indicators) {
    for (const d of ind.dimensions) {
      if (dimensionCodelist.has(d.id)) continue;
      dimensionCodelist.set(d.id, codelistId(d.codelist.id));
      if (!codelists.has(codelistId(d.codelist.id))) add(withNotApplicable(listOf(d.codelist.id)));
      concepts.push({ id: d.id, name: d.name });
    }
  }
  concepts.push(
    { id: 'TIME_PERIOD', name: 'Time period' },
    { id: 'OBS_VALUE', name: 'Observation value' },
    { id: 'OBS_STATUS', name: 'Observation status' },
    { id: 'CONF_STATUS', name: 'Confidentiality status' },
    { id: 'UNIT_MEASURE', name: 'Unit of measure' },
  );
  const versions = dsdVersions([...dimensionCodelist.keys()]);
  // A dimension an older version has and the catalog dropped keeps a codelist of `_Z` only.
  const catalogList = (dim: string) =>
    codelists.get(dimensionCodelist.get(dim) ?? '') ?? {
      id: codelistId(dim),
      name: dim,
      codes: [{ id: NOT_APPLICABLE, name: 'Not applicable' }],
    };
  for (const v of versions)
    for (const d of v.dimensions) {
      if (!concepts.some((c) => c.id === d)) concepts.splice(3, 0, { id: d, name: d });
      if (!dimensionCodelist.has(d)) codelists.set(codelistId(d), catalogList(d));
    }
  const own = (id: string): KeyDimension => ({ id, codelist: codelists.get(codelistId(id))!, catalog: false });
  const keys = new Map<string, KeyDimension[]>();
  return {
    regionId: answer.region.id,
    regionName: answer.region.name,
    indicators: answer.indicators.map((i) => ({ ...i, dimensions: i.dimensions.map((d) => d.id) })),
    codelists,
    concepts,
    versions,
    latest: versions[versions.length - 1]!,
    version: (v) => versions.find((x) => x.version === v),
    keyOf: (version: DsdVersion) => {
      let key = keys.get(version.version);
      if (!key) {
        key = [
          own('FREQ'),
          own('REF_AREA'),
          own('INDICATOR'),
          ...version.dimensions.map((d) => ({ id: d, codelist: catalogList(d), catalog: true })),
        ];
        keys.set(version.version, key);
      }
      return key;
    },
  };
}

export interface StructureSource {
  get(): Promise<SdmxStructures>;
}

/** Reads the catalog through `execute`, at most once per `ttlMs` (a failed read is not kept). */
export function structureSource(execute: Execute, ttlMs = 60_000, now = Date.now): StructureSource {
  let cached: { at: number; value: Promise<SdmxStructures> } | undefined;
  return {
    get() {
      if (cached && now() - cached.at < ttlMs) return cached.value;
      const value = execute(CATALOG_QUERY).then((res) => {
        if (!res.data?.indicators || !res.data?.region) {
          const why = res.errors?.[0]?.message ?? 'no answer';
          throw new SdmxError(503, `The catalog could not be read from the registry: ${why}`);
        }
        return buildStructures(res.data as CatalogAnswer);
      });
      cached = { at: now(), value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
      return value;
    },
  };
}
