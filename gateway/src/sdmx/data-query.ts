// A data query becomes ONE federated GraphQL operation: `countries(iso3:)` for the members asked
// for, one aliased `observations` (or `history`) per indicator the key can match, each with its
// dimension filters. A key position left empty becomes `allHeld: true`, never the codelist.
import type { GraphQLFormattedError } from 'graphql';
import { SdmxError } from './errors.js';
import type { Execute } from './execute.js';
import type { ParsedKey } from './key.js';
import { type KeyDimension, NOT_APPLICABLE, type SdmxIndicator, type SdmxStructures } from './model.js';
import type { DsdVersion } from './versions.js';

export interface DataParams {
  startPeriod?: string;
  endPeriod?: string;
  asOf?: string;
  includeHistory: boolean;
  updatedAfter?: string;
}

interface Planned {
  indicator: SdmxIndicator;
  filter: { dimension: string; codes?: string[]; allHeld?: boolean }[];
}

export interface DataPlan {
  query: string;
  variables: Record<string, unknown>;
  members: string[] | null;
  indicators: Planned[];
}

/** Which indicators the key can match, and the filter each needs; undefined when none can. */
export function planData(s: SdmxStructures, version: DsdVersion, key: ParsedKey, params: DataParams): DataPlan | undefined {
  const freq = key.get('FREQ');
  const wanted = key.get('INDICATOR');
  const indicators: Planned[] = [];
  for (const indicator of s.indicators) {
    if (wanted && !wanted.includes(indicator.code)) continue;
    if (freq && !freq.includes(indicator.frequency)) continue;
    const filter: Planned['filter'] = [];
    let possible = true;
    for (const dim of version.dimensions) {
      const codes = key.get(dim) ?? null;
      if (!indicator.dimensions.includes(dim)) {
        // Not a dimension of this indicator: its series carry `_Z`, which the key must allow.
        if (codes && !codes.includes(NOT_APPLICABLE)) possible = false;
        continue;
      }
      if (codes === null) filter.push({ dimension: dim, allHeld: true });
      else {
        const real = codes.filter((c) => c !== NOT_APPLICABLE);
        if (real.length === 0) possible = false;
        else filter.push({ dimension: dim, codes: real });
      }
    }
    // Dimensions the catalog gained after this version are left out: their total `_T` answers.
    if (possible) indicators.push({ indicator, filter });
  }
  if (indicators.length === 0) return undefined;
  const members = key.get('REF_AREA') ?? null;
  const variables: Record<string, unknown> = { members, from: params.startPeriod ?? null, to: params.endPeriod ?? null };
  const declarations = ['$members: [ID!]', '$from: String', '$to: String'];
  if (params.asOf && !params.includeHistory) {
    declarations.push('$asOf: DateTime');
    variables.asOf = params.asOf;
  }
  const cell = 'period value status confidentiality release dimensions { dimension code }';
  const fields = indicators.map((p, i) => {
    declarations.push(`$i${i}: ID!`, `$f${i}: [DimensionFilter!]`);
    variables[`i${i}`] = p.indicator.code;
    variables[`f${i}`] = p.filter;
    return params.includeHistory
      ? `h${i}: history(indicator: $i${i}, from: $from, to: $to, filter: $f${i}) { ${cell} validFrom validTo }`
      : `o${i}: observations(indicator: $i${i}, from: $from, to: $to, filter: $f${i}${params.asOf ? ', asOf: $asOf' : ''}) { ${cell} }`;
  });
  if (params.updatedAfter) fields.push('releases { name visibleFrom }');
  const query = `query MigfedSdmxData(${declarations.join(', ')}) { countries(iso3: $members) { iso3 ${fields.join(' ')} } }`;
  return { query, variables, members, indicators };
}

export interface Obs {
  period: string;
  value: number | null;
  status: string;
  conf: string;
  release: string | null;
  validFrom?: string;
  validTo?: string | null;
}

export interface Series {
  /** Codes in key order. */
  key: string[];
  unit: string;
  obs: Obs[];
}

export interface DataSet {
  validFrom?: string;
  validTo?: string;
  series: Series[];
}

export interface DataResult {
  version: DsdVersion;
  dims: KeyDimension[];
  dataSets: DataSet[];
  /** Members asked for whose answer is missing, with the gateway's words for why. */
  missing: { country: string; message: string }[];
}

interface Cell {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  release: string | null;
  dimensions: { dimension: string; code: string }[];
  validFrom?: string;
  validTo?: string | null;
}

/** Query limits of the gateway become SDMX's 413 ("the query is larger than the configured bound"). */
const TOO_LARGE = new Set(['QUERY_TOO_COSTLY', 'LIST_TOO_LONG', 'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'OPERATION_TOO_LARGE']);

function failIfRefused(errors: readonly GraphQLFormattedError[] | undefined): void {
  const refused = errors?.find((e) => TOO_LARGE.has(String(e.extensions?.code)));
  if (refused)
    throw new SdmxError(
      413,
      `The query is larger than this gateway allows: ${refused.message}. Ask for fewer members, indicators or codes.`,
    );
}

/** Runs the plan and shapes the answer into series (per validity interval with includeHistory). */
export async function runData(
  execute: Execute,
  s: SdmxStructures,
  version: DsdVersion,
  plan: DataPlan,
  params: DataParams,
): Promise<DataResult> {
  const res = await execute(plan.query, plan.variables);
  failIfRefused(res.errors);
  const countries = (res.data?.countries ?? null) as
    | ({ iso3: string; releases?: { name: string; visibleFrom: string | null }[] | null } & Record<string, unknown>)[]
    | null;
  if (!countries) {
    const why = res.errors?.[0]?.message ?? 'no answer';
    throw new SdmxError(
      res.errors?.some((e) => e.extensions?.code === 'BAD_USER_INPUT' || e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') ? 400 : 503,
      why,
    );
  }
  const missing = new Map<string, string>();
  for (const e of res.errors ?? []) {
    const country = e.extensions?.country;
    if (typeof country === 'string' && !missing.has(country)) missing.set(country, e.message);
  }
  // A member's own answer can be a refusal of the arguments (a bad period): that is the client's error.
  const userError = res.errors?.find((e) =>
    ['INVALID_PERIOD', 'BAD_USER_INPUT'].includes(String(e.extensions?.subgraphCode ?? e.extensions?.code)),
  );
  if (userError) throw new SdmxError(400, userError.message);
  const dims = s.keyOf(version);
  const sets = new Map<string, DataSet>();
  const after = params.updatedAfter ? Date.parse(params.updatedAfter) : undefined;
  for (const c of countries) {
    const recent =
      after === undefined
        ? undefined
        : new Set((c.releases ?? []).filter((r) => r.visibleFrom && Date.parse(r.visibleFrom) > after).map((r) => r.name));
    for (const [i, p] of plan.indicators.entries()) {
      const cells = c[params.includeHistory ? `h${i}` : `o${i}`] as Cell[] | null | undefined;
      if (!cells) continue;
      const bySeries = new Map<string, { set: string; series: Series }>();
      for (const cell of cells) {
        const codes = new Map(cell.dimensions.map((d) => [d.dimension, d.code]));
        const key = dims.map((d) =>
          d.id === 'FREQ'
            ? p.indicator.frequency
            : d.id === 'REF_AREA'
              ? c.iso3
              : d.id === 'INDICATOR'
                ? p.indicator.code
                : (codes.get(d.id) ?? NOT_APPLICABLE),
        );
        const setKey = params.includeHistory ? `${cell.validFrom ?? ''}|${cell.validTo ?? ''}` : '';
        const id = `${setKey}#${key.join('.')}`;
        let entry = bySeries.get(id);
        if (!entry) {
          entry = { set: setKey, series: { key, unit: p.indicator.unit, obs: [] } };
          bySeries.set(id, entry);
        }
        entry.series.obs.push({
          period: cell.period,
          value: cell.value,
          status: cell.status,
          conf: cell.confidentiality,
          release: cell.release,
          ...(cell.validFrom ? { validFrom: cell.validFrom, validTo: cell.validTo ?? null } : {}),
        });
      }
      for (const { set, series } of bySeries.values()) {
        // updatedAfter: a series a release made visible after the instant touched, whole.
        if (recent && !series.obs.some((o) => o.release && recent.has(o.release))) continue;
        series.obs.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
        let ds = sets.get(set);
        if (!ds) {
          const [from, to] = set.split('|');
          ds = { ...(from ? { validFrom: from } : {}), ...(to ? { validTo: to } : {}), series: [] };
          sets.set(set, ds);
        }
        ds.series.push(series);
      }
    }
  }
  const dataSets = [...sets.values()].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  return { version, dims, dataSets, missing: [...missing].map(([country, message]) => ({ country, message })) };
}

/** firstNObservations / lastNObservations, per series. */
export function limitObservations(result: DataResult, first?: number, last?: number): void {
  for (const ds of result.dataSets)
    for (const series of ds.series) {
      if (first !== undefined && last !== undefined) {
        const head = series.obs.slice(0, first);
        const tail = series.obs.slice(Math.max(first, series.obs.length - last));
        series.obs = [...head, ...tail];
      } else if (first !== undefined) series.obs = series.obs.slice(0, first);
      else if (last !== undefined) series.obs = series.obs.slice(Math.max(0, series.obs.length - last));
    }
}
