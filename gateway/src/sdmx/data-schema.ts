// The XML schema of StructureSpecific data for one DSD version, generated as SDMX registries do
// (`schema/datastructure/…` in SDMX REST): its types restrict the abstract SDMX-ML 2.1 ones so each
// key dimension and attribute is an XML attribute checked against its codelist.
import type { AtObservation } from './data-xml.js';
import { structureNamespace } from './data-xml.js';
import type { SdmxCodelist, SdmxStructures } from './model.js';
import type { DsdVersion } from './versions.js';
import { attrs, esc, NS, XML_DECLARATION } from './xml.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

function simpleType(list: SdmxCodelist): string {
  const values = list.codes.map((c) => `<xs:enumeration value="${esc(c.id)}"/>`).join('');
  return `<xs:simpleType name="${list.id}Type"><xs:restriction base="xs:string">${values}</xs:restriction></xs:simpleType>`;
}

const attribute = (name: string, type: string, use: 'required' | 'optional') => `<xs:attribute${attrs({ name, type, use })}/>`;
const prohibited = (name: string) => `<xs:attribute name="${name}" use="prohibited"/>`;

/**
 * `schemaLocation` is where the official SDMX-ML 2.1 schemas are (a folder, as a URL or path
 * prefix; default: next to this one, as SDMX registries publish them).
 */
export function dataSchema(s: SdmxStructures, version: DsdVersion, at: AtObservation, schemaLocation = ''): string {
  const key = s.keyOf(version);
  const lists = new Map<string, SdmxCodelist>();
  for (const d of key) lists.set(d.codelist.id, d.codelist);
  for (const id of ['CL_OBS_STATUS', 'CL_CONF_STATUS', 'CL_UNIT_MEASURE']) lists.set(id, s.codelists.get(id)!);
  const keyAttributes = key.map((d) => attribute(d.id, `${d.codelist.id}Type`, 'required')).join('');
  const obsAttributes =
    attribute('OBS_VALUE', 'xs:double', 'optional') +
    attribute('OBS_STATUS', 'CL_OBS_STATUSType', 'optional') +
    attribute('CONF_STATUS', 'CL_CONF_STATUSType', 'optional');
  const unit = attribute('UNIT_MEASURE', 'CL_UNIT_MEASUREType', 'optional');
  const loc = (file: string) => `${schemaLocation}${file}`;
  const ns = structureNamespace(version.version, at);
  const content =
    at === 'AllDimensions'
      ? `<xs:element name="Obs" type="ObsType" form="unqualified" maxOccurs="unbounded"/>`
      : `<xs:element name="Series" type="SeriesType" form="unqualified" maxOccurs="unbounded"/>`;
  const series =
    at === 'AllDimensions'
      ? ''
      : `<xs:complexType name="SeriesType"><xs:complexContent><xs:restriction base="ss:SeriesType"><xs:sequence><xs:element ref="common:Annotations" minOccurs="0"/><xs:element name="Obs" type="ObsType" form="unqualified" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>${prohibited('TIME_PERIOD')}${prohibited('REPORTING_YEAR_START_DAY')}${keyAttributes}${unit}</xs:restriction></xs:complexContent></xs:complexType>`;
  const obsKey = at === 'AllDimensions' ? `${keyAttributes}${unit}` : '';
  return [
    XML_DECLARATION,
    `<xs:schema xmlns:xs="${XS}" xmlns="${esc(ns)}" xmlns:ss="${NS.ss}" xmlns:common="${NS.com}" targetNamespace="${esc(ns)}" elementFormDefault="unqualified" attributeFormDefault="unqualified">`,
    `<xs:import namespace="${NS.ss}" schemaLocation="${esc(loc('SDMXDataStructureSpecific.xsd'))}"/>`,
    `<xs:import namespace="${NS.com}" schemaLocation="${esc(loc('SDMXCommon.xsd'))}"/>`,
    `<xs:import namespace="${NS.mes}" schemaLocation="${esc(loc('SDMXMessage.xsd'))}"/>`,
    ...[...lists.values()].map(simpleType),
    `<xs:complexType name="DataSetType"><xs:complexContent><xs:restriction base="ss:DataSetType"><xs:sequence><xs:element ref="common:Annotations" minOccurs="0"/><xs:element name="DataProvider" type="common:DataProviderReferenceType" form="unqualified" minOccurs="0"/><xs:choice minOccurs="0">${content}</xs:choice></xs:sequence>${prohibited('REPORTING_YEAR_START_DAY')}</xs:restriction></xs:complexContent></xs:complexType>`,
    series,
    `<xs:complexType name="ObsType"><xs:complexContent><xs:restriction base="ss:ObsType"><xs:sequence><xs:element ref="common:Annotations" minOccurs="0"/></xs:sequence>${prohibited('type')}${prohibited('REPORTING_YEAR_START_DAY')}${attribute('TIME_PERIOD', 'common:ObservationalTimePeriodType', 'required')}${obsKey}${obsAttributes}</xs:restriction></xs:complexContent></xs:complexType>`,
    '</xs:schema>\n',
  ].join('');
}
