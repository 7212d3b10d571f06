import type { Catalog } from '@migfed/schema';

/** Which code convention a records file follows, besides the catalog's own codes. */
export type CodeConvention = 'icao' | 'unhcr';
export const CODE_CONVENTIONS: readonly CodeConvention[] = ['icao', 'unhcr'];

/** The catalog's code for stateless persons (XXA, as travel documents and UNHCR write it). */
export function statelessCode(catalog: Catalog): string {
  return catalog.codelists.get('AREA')?.codes.some((c) => c.id === 'XXA') ? 'XXA' : '_Z';
}

/**
 * Nationality codes of ICAO Doc 9303 (machine-readable travel documents) that are not ISO 3166-1
 * alpha-3: Germany's one-letter D, the stateless and refugee designations, the unspecified XXX, and
 * the two codes used on Kosovo documents (one code in the catalog). Refugee travel documents do
 * not say the holder's citizenship: unknown.
 */
function icaoCountries(catalog: Catalog): Record<string, string> {
  return { D: 'DEU', XXA: statelessCode(catalog), XXB: '_U', XXC: '_U', XXX: '_U', UNK: 'XKX', RKS: 'XKX' };
}

/** UNHCR's files: XXA stateless, UNK unknown. */
function unhcrCountries(catalog: Catalog): Record<string, string> {
  return { XXA: statelessCode(catalog), UNK: '_U' };
}

/** Codes that mean different things in the two conventions: a file must say which it follows. */
const AMBIGUOUS: Record<string, string> = {
  UNK: '"UNK" means Kosovo on ICAO Doc 9303 travel documents and "unknown" in UNHCR files',
};

export type Translate = (value: string) => { code: string } | { problem: string };

/**
 * Maps a country code of a records file (CITIZENSHIP, PARTNER_COUNTRY, DOCUMENT_COUNTRY) to the
 * catalog's: per the file's convention, or, when none was given, only the catalog's own codes plus
 * what both conventions agree on, refusing a code that would mean different things.
 */
export function countryTranslator(catalog: Catalog, convention: CodeConvention | undefined): Translate {
  const icao = icaoCountries(catalog);
  const unhcr = unhcrCountries(catalog);
  const table = convention === 'icao' ? icao : convention === 'unhcr' ? unhcr : { XXA: statelessCode(catalog) };
  return (value) => {
    const code = value.toUpperCase();
    const mapped = table[code];
    if (mapped) return { code: mapped };
    if (!convention && AMBIGUOUS[code])
      return { problem: `${AMBIGUOUS[code]}: say which the file follows with --codes icao or --codes unhcr` };
    if (!convention && icao[code] && !catalog.codelists.get('AREA')?.codes.some((c) => c.id === code))
      return { problem: `"${code}" is an ICAO Doc 9303 code, not ISO 3166-1: import the file with --codes icao` };
    return { code };
  };
}

/** ICAO's sex X (unspecified) is the catalog's unknown. */
export function sexTranslator(convention: CodeConvention | undefined): Translate {
  return (value) => {
    const code = value.toUpperCase();
    if (code === 'X')
      return convention === 'icao' ? { code: '_U' } : { problem: 'SEX "X" is the ICAO Doc 9303 code: import the file with --codes icao' };
    return { code };
  };
}
