/** Origin of a UNHCR row: the AREA code the graph uses, the code as published, UNHCR's name. */
export interface Origin {
  code: string;
  published: string;
  name: string | null;
}

/**
 * UNHCR codes origins with ISO3 where one exists and with its own codes otherwise: `UNK` (or, in
 * the Refugee Data Finder download, an empty code named "Unknown") for unknown origin, `XXA` for
 * stateless persons, and a few groups such as `TIB` (Tibetans). The graph uses the AREA codelist:
 * ISO3, `_U` unknown, `XXA` stateless (as UNHCR and travel documents write it; SDMX's `_Z` means
 * "not applicable"), `_O` other. The published code is kept alongside.
 */
export function originOf(published: string, name: string, isTerritory: (iso3: string) => boolean): Origin {
  const trimmedName = name.trim() || null;
  let code: string;
  if (published === 'UNK' || (published === '' && /^unknown$/i.test(trimmedName ?? ''))) code = '_U';
  else if (published === 'XXA') code = 'XXA';
  else if (isTerritory(published)) code = published;
  else code = '_O';
  return { code, published, name: trimmedName };
}
