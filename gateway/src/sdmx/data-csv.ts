// SDMX-CSV 1.0 and 2.0: one row per observation, key dimensions in DSD order. With `labels=both`
// every code is followed by its name (`A: Annual`) and every column id by its concept's name.
import type { DataResult } from './data-query.js';
import type { Detail } from './data-xml.js';
import { AGENCY, DATAFLOW, type SdmxStructures } from './model.js';

export interface CsvOptions {
  version: 1 | 2;
  labels: 'id' | 'both';
  detail: Detail;
}

const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function* csvData(s: SdmxStructures, result: DataResult, opt: CsvOptions): Generator<string> {
  const both = opt.labels === 'both';
  const concept = new Map(s.concepts.map((c) => [c.id, c.name]));
  const col = (id: string) => (both ? `${id}: ${concept.get(id) ?? id}` : id);
  const names = result.dims.map((d) => new Map(d.codelist.codes.map((c) => [c.id, c.name])));
  const code = (i: number, id: string) => (both ? `${id}: ${names[i]!.get(id) ?? id}` : id);
  const statusNames = new Map(s.codelists.get('CL_OBS_STATUS')?.codes.map((c) => [c.id, c.name]));
  const confNames = new Map(s.codelists.get('CL_CONF_STATUS')?.codes.map((c) => [c.id, c.name]));
  const unitNames = new Map(s.codelists.get('CL_UNIT_MEASURE')?.codes.map((c) => [c.id, c.name]));
  const label = (m: Map<string, string>, id: string) => (both ? `${id}: ${m.get(id) ?? id}` : id);
  const flow = `${AGENCY}:${DATAFLOW}(${result.version.version})`;
  const lead = opt.version === 1 ? [col('DATAFLOW')] : [col('STRUCTURE'), col('STRUCTURE_ID'), col('ACTION')];
  const withAttrs = opt.detail === 'full' || opt.detail === 'nodata';
  const withObs = opt.detail === 'full' || opt.detail === 'dataonly';
  const history = result.dataSets.some((ds) => ds.validFrom);
  const head = [
    ...lead,
    ...result.dims.map((d) => col(d.id)),
    ...(withObs ? [col('TIME_PERIOD'), col('OBS_VALUE')] : []),
    ...(withObs && opt.detail === 'full' ? [col('OBS_STATUS'), col('CONF_STATUS')] : []),
    ...(withAttrs ? [col('UNIT_MEASURE')] : []),
    // includeHistory: when each version stood (migfed's columns, after the standard ones).
    ...(history ? ['VALID_FROM', 'VALID_TO'] : []),
  ];
  yield `${head.map(field).join(',')}\r\n`;
  const leadValues = opt.version === 1 ? [flow] : ['dataflow', flow, 'I'];
  for (const ds of result.dataSets) {
    const validity = history ? [ds.validFrom ?? '', ds.validTo ?? ''] : [];
    for (const series of ds.series) {
      const key = series.key.map((c, i) => code(i, c));
      const unit = withAttrs ? [label(unitNames, series.unit)] : [];
      if (!withObs) {
        yield `${[...leadValues, ...key, ...unit, ...validity].map(field).join(',')}\r\n`;
        continue;
      }
      let chunk = '';
      for (const o of series.obs) {
        const flags = opt.detail === 'full' ? [label(statusNames, o.status), label(confNames, o.conf)] : [];
        chunk += `${[...leadValues, ...key, o.period, o.value === null ? '' : String(o.value), ...flags, ...unit, ...validity].map(field).join(',')}\r\n`;
      }
      yield chunk;
    }
  }
}
