// SDMX-ML 2.1 structure messages: dataflows, data structure definitions, codelists, the concept
// scheme and content constraints (what data exist), generated from the catalog.
import { AGENCY, CONCEPT_SCHEME, DATAFLOW, DSD, ITEM_SCHEME_VERSION, type SdmxCodelist, type SdmxStructures, urn } from './model.js';
import type { DsdVersion } from './versions.js';
import { attrs, esc, header, messageId, NS, name, XML_DECLARATION } from './xml.js';

/** What the data of a dataflow cover: per member, the indicators and their period range. */
export interface Availability {
  version: DsdVersion;
  regions: { refArea: string; indicators: string[]; frequencies: string[]; from: string; to: string }[];
}

export interface StructureSelection {
  dataflows: DsdVersion[];
  dataStructures: DsdVersion[];
  codelists: SdmxCodelist[];
  conceptScheme: boolean;
  constraints: Availability[];
}

const ref = (a: Record<string, string>) => `<Ref${attrs(a)}/>`;
const conceptRef = (id: string) =>
  `<str:ConceptIdentity>${ref({ id, maintainableParentID: CONCEPT_SCHEME, maintainableParentVersion: ITEM_SCHEME_VERSION, agencyID: AGENCY, package: 'conceptscheme', class: 'Concept' })}</str:ConceptIdentity>`;
const enumeration = (codelist: string) =>
  `<str:LocalRepresentation><str:Enumeration>${ref({ id: codelist, version: ITEM_SCHEME_VERSION, agencyID: AGENCY, package: 'codelist', class: 'Codelist' })}</str:Enumeration></str:LocalRepresentation>`;
const dsdRef = (version: string) => ref({ id: DSD, version, agencyID: AGENCY, package: 'datastructure', class: 'DataStructure' });

function* dataflow(s: SdmxStructures, v: DsdVersion) {
  yield `<str:Dataflow${attrs({ id: DATAFLOW, agencyID: AGENCY, version: v.version, isFinal: true, urn: urn('datastructure.Dataflow', AGENCY, DATAFLOW, v.version) })}>`;
  yield name(`Migration statistics of ${s.regionName}`);
  yield name(
    `Every indicator of the agreed catalog, published by each member (key: FREQ.REF_AREA.INDICATOR.${v.dimensions.join('.')}).`,
    'com:Description',
  );
  yield `<str:Structure>${dsdRef(v.version)}</str:Structure></str:Dataflow>`;
}

function* codelist(list: SdmxCodelist) {
  yield `<str:Codelist${attrs({ id: list.id, agencyID: AGENCY, version: ITEM_SCHEME_VERSION, isFinal: false, urn: urn('codelist.Codelist', AGENCY, list.id, ITEM_SCHEME_VERSION) })}>`;
  yield name(list.name);
  if (list.description) yield name(list.description, 'com:Description');
  for (const c of list.codes) {
    yield `<str:Code${attrs({ id: c.id, urn: urn('codelist.Code', AGENCY, list.id, ITEM_SCHEME_VERSION, c.id) })}>${name(c.name)}</str:Code>`;
  }
  yield '</str:Codelist>';
}

function* conceptScheme(s: SdmxStructures) {
  yield `<str:ConceptScheme${attrs({ id: CONCEPT_SCHEME, agencyID: AGENCY, version: ITEM_SCHEME_VERSION, isFinal: false, urn: urn('conceptscheme.ConceptScheme', AGENCY, CONCEPT_SCHEME, ITEM_SCHEME_VERSION) })}>`;
  yield name(`Concepts of ${s.regionName}'s migration statistics`);
  for (const c of s.concepts) {
    yield `<str:Concept${attrs({ id: c.id, urn: urn('conceptscheme.Concept', AGENCY, CONCEPT_SCHEME, ITEM_SCHEME_VERSION, c.id) })}>${name(c.name)}</str:Concept>`;
  }
  yield '</str:ConceptScheme>';
}

function* dataStructure(s: SdmxStructures, v: DsdVersion) {
  yield `<str:DataStructure${attrs({ id: DSD, agencyID: AGENCY, version: v.version, isFinal: true, urn: urn('datastructure.DataStructure', AGENCY, DSD, v.version) })}>`;
  yield name(`Migration statistics of ${s.regionName}`);
  yield '<str:DataStructureComponents><str:DimensionList id="DimensionDescriptor">';
  const key = s.keyOf(v);
  for (const [i, d] of key.entries()) {
    yield `<str:Dimension${attrs({ id: d.id, position: i + 1 })}>${conceptRef(d.id)}${enumeration(d.codelist.id)}</str:Dimension>`;
  }
  yield `<str:TimeDimension${attrs({ id: 'TIME_PERIOD', position: key.length + 1 })}>${conceptRef('TIME_PERIOD')}<str:LocalRepresentation><str:TextFormat textType="ObservationalTimePeriod"/></str:LocalRepresentation></str:TimeDimension>`;
  yield '</str:DimensionList><str:AttributeList id="AttributeDescriptor">';
  for (const id of ['OBS_STATUS', 'CONF_STATUS']) {
    yield `<str:Attribute${attrs({ id, assignmentStatus: 'Mandatory' })}>${conceptRef(id)}${enumeration(`CL_${id}`)}<str:AttributeRelationship><str:PrimaryMeasure>${ref({ id: 'OBS_VALUE' })}</str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>`;
  }
  // The unit follows from the indicator: a series attribute attached to that dimension.
  yield `<str:Attribute${attrs({ id: 'UNIT_MEASURE', assignmentStatus: 'Mandatory' })}>${conceptRef('UNIT_MEASURE')}${enumeration('CL_UNIT_MEASURE')}<str:AttributeRelationship><str:Dimension>${ref({ id: 'INDICATOR' })}</str:Dimension></str:AttributeRelationship></str:Attribute>`;
  yield `</str:AttributeList><str:MeasureList id="MeasureDescriptor"><str:PrimaryMeasure id="OBS_VALUE">${conceptRef('OBS_VALUE')}</str:PrimaryMeasure></str:MeasureList>`;
  yield '</str:DataStructureComponents></str:DataStructure>';
}

function* constraint(a: Availability) {
  const id = `CC_${DATAFLOW}_AVAILABLE`;
  yield `<str:ContentConstraint${attrs({ id, agencyID: AGENCY, version: a.version.version, isFinal: false, type: 'Actual', urn: urn('registry.ContentConstraint', AGENCY, id, a.version.version) })}>`;
  yield name('Data available now, per member (the completeness matrix)');
  yield `<str:ConstraintAttachment><str:Dataflow>${ref({ id: DATAFLOW, version: a.version.version, agencyID: AGENCY, package: 'datastructure', class: 'Dataflow' })}</str:Dataflow></str:ConstraintAttachment>`;
  const values = (id: string, codes: string[]) =>
    `<com:KeyValue${attrs({ id })}>${codes.map((c) => `<com:Value>${esc(c)}</com:Value>`).join('')}</com:KeyValue>`;
  for (const r of a.regions) {
    yield '<str:CubeRegion include="true">';
    yield values('FREQ', r.frequencies) + values('REF_AREA', [r.refArea]) + values('INDICATOR', r.indicators);
    yield `<com:KeyValue id="TIME_PERIOD"><com:TimeRange><com:StartPeriod isInclusive="true">${esc(r.from)}</com:StartPeriod><com:EndPeriod isInclusive="true">${esc(r.to)}</com:EndPeriod></com:TimeRange></com:KeyValue>`;
    yield '</str:CubeRegion>';
  }
  yield '</str:ContentConstraint>';
}

/** A whole structure message, in the order the schema wants its sections. */
export function* structureMessage(s: SdmxStructures, sel: StructureSelection): Generator<string> {
  yield XML_DECLARATION;
  yield `<mes:Structure xmlns:mes="${NS.mes}" xmlns:com="${NS.com}" xmlns:str="${NS.str}">`;
  yield header(messageId('STR'));
  yield '<mes:Structures>';
  if (sel.dataflows.length) {
    yield '<str:Dataflows>';
    for (const v of sel.dataflows) yield* dataflow(s, v);
    yield '</str:Dataflows>';
  }
  if (sel.codelists.length) {
    yield '<str:Codelists>';
    for (const c of sel.codelists) yield* codelist(c);
    yield '</str:Codelists>';
  }
  if (sel.conceptScheme) yield `<str:Concepts>${[...conceptScheme(s)].join('')}</str:Concepts>`;
  if (sel.dataStructures.length) {
    yield '<str:DataStructures>';
    for (const v of sel.dataStructures) yield* dataStructure(s, v);
    yield '</str:DataStructures>';
  }
  if (sel.constraints.length) {
    yield '<str:Constraints>';
    for (const a of sel.constraints) yield* constraint(a);
    yield '</str:Constraints>';
  }
  yield '</mes:Structures></mes:Structure>\n';
}

/** The SDMX-ML error message (mes:Error). */
export function errorMessage(code: number, text: string): string {
  return `${XML_DECLARATION}<mes:Error xmlns:mes="${NS.mes}" xmlns:com="${NS.com}"><mes:ErrorMessage code="${code}"><com:Text xml:lang="en">${esc(text)}</com:Text></mes:ErrorMessage></mes:Error>\n`;
}
