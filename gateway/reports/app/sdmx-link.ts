// The same view as an SDMX REST 3.0 data query on the gateway's /sdmx API (SDMX-CSV), for tools
// that speak SDMX (R's rsdmx, sdmx1, Excel's connectors). It carries the members' published figures:
// a view of months added up into years gets the months, totals are left to the tool.
import type { ReportParams } from './params.js';
import type { ReportData } from './types.js';

export function sdmxLink(params: ReportParams, data: ReportData): string {
  const c: [string, string][] = [];
  if (params.members) c.push(['REF_AREA', params.members.join(',')]);
  c.push(['INDICATOR', data.indicator.code]);
  for (const d of data.indicator.dimensions) {
    if (!params.by.includes(d.id)) c.push([d.id, '_T']);
    else if (params.codes?.[d.id]) c.push([d.id, ['_T', ...params.codes[d.id]!].join(',')]);
  }
  const [from, to] = [params.from || data.periods[0], params.to || data.periods.at(-1)];
  const time = [from && `ge:${from}`, to && `le:${to}`].filter(Boolean).join(',');
  if (time) c.push(['TIME_PERIOD', time]);
  const query = [
    ...c.map(([dim, codes]) => `c[${dim}]=${encodeURIComponent(codes).replace(/%2C/g, ',').replace(/%3A/g, ':')}`),
    ...(params.asOf ? [`asOf=${params.asOf}T23:59:59Z`] : []),
    'format=csv',
  ].join('&');
  return new URL(`../sdmx/3.0/data/dataflow/MIGFED/DF_MIGRATION/~/*?${query}`, location.href).href;
}
