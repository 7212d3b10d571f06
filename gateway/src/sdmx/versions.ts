// Versions of the DSD (and of the dataflow that uses it). A version's key never changes length:
// once published, its list of catalog dimensions is fixed here. When the catalog gains a dimension,
// the next major version is derived at run time (the new dimensions appended) and becomes `latest`;
// commit it here when it is announced, so later catalog changes never reshape it.

export interface DsdVersion {
  version: string;
  /** The catalog dimensions of this version, between INDICATOR and TIME_PERIOD, in key order. */
  dimensions: readonly string[];
}

export const PUBLISHED_DSD_VERSIONS: readonly DsdVersion[] = [
  {
    version: '1.0',
    dimensions: [
      'SEX',
      'AGE',
      'CITIZENSHIP',
      'REASON',
      'DIRECTION',
      'TRAVELLER',
      'BORDER_TYPE',
      'APPLICATION_TYPE',
      'DECISION',
      'COUNTRY_OF_BIRTH',
      'RETURN_TYPE',
      'PREVIOUS_RESIDENCE',
      'NEXT_RESIDENCE',
      'COUNTRY_OF_RESIDENCE',
    ],
  },
];

/** Every version that answers: the published ones, plus a derived one when the catalog grew since. */
export function dsdVersions(catalogDimensions: readonly string[], published: readonly DsdVersion[] = PUBLISHED_DSD_VERSIONS): DsdVersion[] {
  const last = published[published.length - 1]!;
  const added = catalogDimensions.filter((d) => !last.dimensions.includes(d));
  if (added.length === 0) return [...published];
  const major = Number.parseInt(last.version, 10) + 1;
  return [...published, { version: `${major}.0`, dimensions: [...last.dimensions, ...added] }];
}
