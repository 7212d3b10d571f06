// SDMX-JSON 2.0 data messages: one structure, one data set per version (one without
// includeHistory); series keyed by the index of each dimension's value, observations by period.
import type { DataResult } from './data-query.js';
import type { Detail } from './data-xml.js';
import { AGENCY, DSD, type SdmxStructures, urn } from './model.js';
import { messageId } from './xml.js';

const SCHEMA = 'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json';

class Index {
  readonly ids: string[] = [];
  readonly #at = new Map<string, number>();
  of(id: string): number {
    let i = this.#at.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.#at.set(id, i);
    }
    return i;
  }
}

export function* jsonData(s: SdmxStructures, result: DataResult, detail: Detail): Generator<string> {
  const dimIndex = result.dims.map(() => new Index());
  const periods = new Index();
  const unit = new Index();
  const status = new Index();
  const conf = new Index();
  const withObs = detail === 'full' || detail === 'dataonly';
  const withAttrs = detail === 'full' || detail === 'nodata';
  const dataSets = result.dataSets.map((ds) => {
    const series: Record<string, unknown> = {};
    for (const se of ds.series) {
      const key = se.key.map((c, i) => dimIndex[i]!.of(c)).join(':');
      const observations: Record<string, unknown[]> = {};
      if (withObs)
        for (const o of se.obs) {
          observations[String(periods.of(o.period))] = detail === 'full' ? [o.value, status.of(o.status), conf.of(o.conf)] : [o.value];
        }
      series[key] = { ...(withAttrs ? { attributes: [unit.of(se.unit)] } : {}), ...(withObs ? { observations } : {}) };
    }
    return {
      structure: 0,
      action: 'Information',
      ...(ds.validFrom ? { validFrom: ds.validFrom } : {}),
      ...(ds.validTo ? { validTo: ds.validTo } : {}),
      series,
    };
  });
  const values = (listId: string, ids: string[]) => {
    const names = new Map(s.codelists.get(listId)?.codes.map((c) => [c.id, c.name]));
    return ids.map((id) => ({ id, name: names.get(id) ?? id }));
  };
  const concept = (id: string) => s.concepts.find((c) => c.id === id)?.name ?? id;
  const structure = {
    links: [{ urn: urn('datastructure.DataStructure', AGENCY, DSD, result.version.version), rel: 'DataStructure' }],
    name: `Migration statistics of ${s.regionName}`,
    dimensions: {
      dataSet: [],
      series: result.dims.map((d, i) => ({
        id: d.id,
        name: concept(d.id),
        keyPosition: i,
        values: values(d.codelist.id, dimIndex[i]!.ids),
      })),
      observation: [
        {
          id: 'TIME_PERIOD',
          name: concept('TIME_PERIOD'),
          keyPosition: result.dims.length,
          roles: ['TIME_PERIOD'],
          values: periods.ids.map((id) => ({ id, value: id })),
        },
      ],
    },
    attributes: {
      dataSet: [],
      series: withAttrs
        ? [
            {
              id: 'UNIT_MEASURE',
              name: concept('UNIT_MEASURE'),
              relationship: { dimensions: ['INDICATOR'] },
              values: values('CL_UNIT_MEASURE', unit.ids),
            },
          ]
        : [],
      observation:
        detail === 'full'
          ? [
              {
                id: 'OBS_STATUS',
                name: concept('OBS_STATUS'),
                relationship: { primaryMeasure: 'OBS_VALUE' },
                values: values('CL_OBS_STATUS', status.ids),
              },
              {
                id: 'CONF_STATUS',
                name: concept('CONF_STATUS'),
                relationship: { primaryMeasure: 'OBS_VALUE' },
                values: values('CL_CONF_STATUS', conf.ids),
              },
            ]
          : [],
    },
    measures: { observation: [{ id: 'OBS_VALUE', name: concept('OBS_VALUE') }] },
    dataSets: dataSets.map((_, i) => i),
  };
  const message = {
    meta: {
      schema: SCHEMA,
      id: messageId('DATA'),
      test: false,
      prepared: new Date().toISOString(),
      contentLanguages: ['en'],
      sender: { id: AGENCY },
    },
    data: { structures: [structure], dataSets },
    ...(result.missing.length
      ? { errors: result.missing.map((m) => ({ code: 503, title: `Member ${m.country} is missing from this answer`, detail: m.message })) }
      : {}),
  };
  yield `${JSON.stringify(message)}\n`;
}
