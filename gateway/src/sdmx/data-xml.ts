// SDMX-ML 2.1 data messages: Generic and StructureSpecific, written series by series. Members that
// did not answer are named in the footer (a warning), after the series of those that did.
import type { DataResult, Obs, Series } from './data-query.js';
import { AGENCY, DSD, urn } from './model.js';
import { attrs, esc, header, messageId, NS, XML_DECLARATION } from './xml.js';

export type Detail = 'full' | 'dataonly' | 'serieskeysonly' | 'nodata';
export type AtObservation = 'TIME_PERIOD' | 'AllDimensions';

export interface DataWriteOptions {
  detail: Detail;
  atObservation: AtObservation;
}

const structureId = (version: string) => `${AGENCY}_${DSD}_${version.replace(/\./g, '_')}`;
/** The namespace of the schema generated for a DSD (StructureSpecific messages). */
export const structureNamespace = (version: string, at: AtObservation) =>
  `${urn('datastructure.DataStructure', AGENCY, DSD, version)}:${at === 'AllDimensions' ? 'ObsLevelDim:AllDimensions' : 'ObsLevelDim:TIME_PERIOD'}`;

const dsRange = (ds: { validFrom?: string; validTo?: string }) => ({
  validFromDate: ds.validFrom ? new Date(ds.validFrom).toISOString() : undefined,
  validToDate: ds.validTo ? new Date(ds.validTo).toISOString() : undefined,
});

function footer(result: DataResult): string {
  if (result.missing.length === 0) return '';
  const messages = result.missing
    .map(
      (m) =>
        `<footer:Message code="503" severity="Warning"><com:Text xml:lang="en">${esc(`${m.country}: ${m.message}`)}</com:Text></footer:Message>`,
    )
    .join('');
  return `<footer:Footer>${messages}</footer:Footer>`;
}

const obsAttrValues = (o: Obs) => [
  ['OBS_STATUS', o.status],
  ['CONF_STATUS', o.conf],
];

function* genericSeries(result: DataResult, s: Series, opt: DataWriteOptions) {
  const value = (id: string, v: string) => `<gen:Value${attrs({ id, value: v })}/>`;
  const withAttrs = opt.detail === 'full' || opt.detail === 'nodata';
  if (opt.atObservation === 'AllDimensions') {
    if (opt.detail === 'serieskeysonly' || opt.detail === 'nodata') return;
    for (const o of s.obs) {
      const key = result.dims.map((d, i) => value(d.id, s.key[i]!)).join('') + value('TIME_PERIOD', o.period);
      const a =
        opt.detail === 'full'
          ? `<gen:Attributes>${[...obsAttrValues(o), ['UNIT_MEASURE', s.unit]].map(([k, v]) => value(k!, v!)).join('')}</gen:Attributes>`
          : '';
      yield `<gen:Obs><gen:ObsKey>${key}</gen:ObsKey>${o.value === null ? '' : `<gen:ObsValue value="${o.value}"/>`}${a}</gen:Obs>`;
    }
    return;
  }
  let out = `<gen:Series><gen:SeriesKey>${result.dims.map((d, i) => value(d.id, s.key[i]!)).join('')}</gen:SeriesKey>`;
  if (withAttrs) out += `<gen:Attributes>${value('UNIT_MEASURE', s.unit)}</gen:Attributes>`;
  if (opt.detail === 'full' || opt.detail === 'dataonly') {
    for (const o of s.obs) {
      out += `<gen:Obs><gen:ObsDimension value="${esc(o.period)}"/>${o.value === null ? '' : `<gen:ObsValue value="${o.value}"/>`}`;
      if (opt.detail === 'full')
        out += `<gen:Attributes>${obsAttrValues(o)
          .map(([k, v]) => value(k!, v!))
          .join('')}</gen:Attributes>`;
      out += '</gen:Obs>';
    }
  }
  yield `${out}</gen:Series>`;
}

function structureHeader(result: DataResult, opt: DataWriteOptions, specific: boolean): string {
  const v = result.version.version;
  const ns = specific ? { namespace: structureNamespace(v, opt.atObservation) } : {};
  return `<mes:Structure${attrs({ structureID: structureId(v), ...ns, dimensionAtObservation: opt.atObservation })}><com:Structure><Ref${attrs({ agencyID: AGENCY, id: DSD, version: v })}/></com:Structure></mes:Structure>`;
}

export function* genericData(result: DataResult, opt: DataWriteOptions): Generator<string> {
  yield XML_DECLARATION;
  yield `<mes:GenericData xmlns:mes="${NS.mes}" xmlns:com="${NS.com}" xmlns:gen="${NS.gen}" xmlns:footer="${NS.footer}">`;
  yield header(messageId('DATA'), structureHeader(result, opt, false));
  for (const ds of result.dataSets) {
    yield `<mes:DataSet${attrs({ structureRef: structureId(result.version.version), action: 'Information', ...dsRange(ds) })}>`;
    for (const s of ds.series) yield* genericSeries(result, s, opt);
    yield '</mes:DataSet>';
  }
  yield `${footer(result)}</mes:GenericData>\n`;
}

export function* structureSpecificData(result: DataResult, opt: DataWriteOptions): Generator<string> {
  const v = result.version.version;
  yield XML_DECLARATION;
  yield `<mes:StructureSpecificData xmlns:mes="${NS.mes}" xmlns:com="${NS.com}" xmlns:ss="${NS.ss}" xmlns:footer="${NS.footer}" xmlns:xsi="${NS.xsi}" xmlns:ns1="${esc(structureNamespace(v, opt.atObservation))}">`;
  yield header(messageId('DATA'), structureHeader(result, opt, true));
  const keyAttrs = (s: Series) => Object.fromEntries(result.dims.map((d, i) => [d.id, s.key[i]!]));
  const obsAttrs = (o: Obs) => ({
    OBS_VALUE: o.value === null ? undefined : o.value,
    ...(opt.detail === 'full' ? { OBS_STATUS: o.status, CONF_STATUS: o.conf } : {}),
  });
  for (const ds of result.dataSets) {
    const range = dsRange(ds);
    yield `<mes:DataSet${attrs({ 'ss:structureRef': structureId(v), 'xsi:type': 'ns1:DataSetType', 'ss:dataScope': 'DataStructure', 'ss:action': 'Information', 'ss:validFromDate': range.validFromDate, 'ss:validToDate': range.validToDate })}>`;
    for (const s of ds.series) {
      if (opt.atObservation === 'AllDimensions') {
        if (opt.detail === 'serieskeysonly' || opt.detail === 'nodata') continue;
        for (const o of s.obs) {
          yield `<Obs${attrs({ ...keyAttrs(s), TIME_PERIOD: o.period, ...(opt.detail === 'full' ? { UNIT_MEASURE: s.unit } : {}), ...obsAttrs(o) })}/>`;
        }
        continue;
      }
      const unit = opt.detail === 'full' || opt.detail === 'nodata' ? { UNIT_MEASURE: s.unit } : {};
      const obs =
        opt.detail === 'full' || opt.detail === 'dataonly'
          ? s.obs.map((o) => `<Obs${attrs({ TIME_PERIOD: o.period, ...obsAttrs(o) })}/>`).join('')
          : '';
      yield `<Series${attrs({ ...keyAttrs(s), ...unit })}>${obs}</Series>`;
    }
    yield '</mes:DataSet>';
  }
  yield `${footer(result)}</mes:StructureSpecificData>\n`;
}
