// SDMX-JSON 2.0 structure messages: the same selection as the SDMX-ML writer, as JSON.
import { AGENCY, CONCEPT_SCHEME, DATAFLOW, DSD, ITEM_SCHEME_VERSION, type SdmxStructures, urn } from './model.js';
import type { StructureSelection } from './structure-xml.js';
import { messageId } from './xml.js';

const SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json';

const conceptUrn = (id: string) => urn('conceptscheme.Concept', AGENCY, CONCEPT_SCHEME, ITEM_SCHEME_VERSION, id);
const codelistUrn = (id: string) => urn('codelist.Codelist', AGENCY, id, ITEM_SCHEME_VERSION);

export function* structureJson(s: SdmxStructures, sel: StructureSelection): Generator<string> {
  const data: Record<string, unknown> = {};
  if (sel.dataflows.length)
    data.dataflows = sel.dataflows.map((v) => ({
      id: DATAFLOW,
      agencyID: AGENCY,
      version: v.version,
      isFinal: true,
      name: `Migration statistics of ${s.regionName}`,
      structure: urn('datastructure.DataStructure', AGENCY, DSD, v.version),
    }));
  if (sel.dataStructures.length)
    data.dataStructures = sel.dataStructures.map((v) => {
      const key = s.keyOf(v);
      return {
        id: DSD,
        agencyID: AGENCY,
        version: v.version,
        isFinal: true,
        name: `Migration statistics of ${s.regionName}`,
        dataStructureComponents: {
          dimensionList: {
            id: 'DimensionDescriptor',
            dimensions: key.map((d, i) => ({
              id: d.id,
              position: i + 1,
              conceptIdentity: conceptUrn(d.id),
              localRepresentation: { enumeration: codelistUrn(d.codelist.id) },
            })),
            timeDimensions: [
              {
                id: 'TIME_PERIOD',
                position: key.length + 1,
                conceptIdentity: conceptUrn('TIME_PERIOD'),
                localRepresentation: { format: { dataType: 'ObservationalTimePeriod' } },
              },
            ],
          },
          attributeList: {
            id: 'AttributeDescriptor',
            attributes: [
              ...['OBS_STATUS', 'CONF_STATUS'].map((id) => ({
                id,
                usage: 'mandatory',
                attributeRelationship: { observation: {} },
                conceptIdentity: conceptUrn(id),
                localRepresentation: { enumeration: codelistUrn(`CL_${id}`) },
              })),
              {
                id: 'UNIT_MEASURE',
                usage: 'mandatory',
                attributeRelationship: { dimensions: ['INDICATOR'] },
                conceptIdentity: conceptUrn('UNIT_MEASURE'),
                localRepresentation: { enumeration: codelistUrn('CL_UNIT_MEASURE') },
              },
            ],
          },
          measureList: { id: 'MeasureDescriptor', measures: [{ id: 'OBS_VALUE', conceptIdentity: conceptUrn('OBS_VALUE') }] },
        },
      };
    });
  if (sel.codelists.length)
    data.codelists = sel.codelists.map((c) => ({
      id: c.id,
      agencyID: AGENCY,
      version: ITEM_SCHEME_VERSION,
      isFinal: false,
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      codes: c.codes.map((x) => ({ id: x.id, name: x.name })),
    }));
  if (sel.conceptScheme)
    data.conceptSchemes = [
      {
        id: CONCEPT_SCHEME,
        agencyID: AGENCY,
        version: ITEM_SCHEME_VERSION,
        isFinal: false,
        name: `Concepts of ${s.regionName}'s migration statistics`,
        concepts: s.concepts.map((c) => ({ id: c.id, name: c.name })),
      },
    ];
  if (sel.constraints.length)
    data.dataConstraints = sel.constraints.map((a) => ({
      id: `CC_${DATAFLOW}_AVAILABLE`,
      agencyID: AGENCY,
      version: a.version.version,
      role: 'Actual',
      constraintAttachment: { dataflows: [urn('datastructure.Dataflow', AGENCY, DATAFLOW, a.version.version)] },
      cubeRegions: a.regions.map((r) => ({
        include: true,
        keyValues: [
          { id: 'FREQ', values: r.frequencies },
          { id: 'REF_AREA', values: [r.refArea] },
          { id: 'INDICATOR', values: r.indicators },
          {
            id: 'TIME_PERIOD',
            timeRange: { startPeriod: { period: r.from, isInclusive: true }, endPeriod: { period: r.to, isInclusive: true } },
          },
        ],
      })),
    }));
  const meta = {
    schema: SCHEMA,
    id: messageId('STR'),
    test: false,
    prepared: new Date().toISOString(),
    contentLanguages: ['en'],
    sender: { id: AGENCY },
  };
  yield `${JSON.stringify({ meta, data })}\n`;
}
