import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/** The languages of the network: English (the catalog's own), Russian (DSM), Spanish (SIEMMES). */
export const LANGS = ['en', 'ru', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in the language asked for, or the English one when the catalog has no translation. */
export interface Translated {
  text: string;
  /** English, a translation the network reviewed, or a territory name from ISO's maintained list. */
  reviewed: boolean;
}

interface Entry {
  name: string;
  definition?: string;
  reviewed: boolean;
}

/** schema/catalog/translations/<lang>.json: the catalog's names by kind and code, each marked reviewed or not. */
interface TranslationFile {
  language: string;
  indicators: Record<string, Entry>;
  dimensions: Record<string, Entry>;
  codelists: Record<string, Entry & { codes: Record<string, Entry> }>;
  regions: Record<string, Entry>;
}

export type CatalogItem =
  | { kind: 'indicator'; code: string }
  | { kind: 'dimension'; id: string }
  | { kind: 'codelist'; id: string }
  | { kind: 'code'; codelist: string; id: string }
  | { kind: 'region'; id: string };

const files = new Map<Lang, TranslationFile>();

function translations(lang: Exclude<Lang, 'en'>): TranslationFile {
  let file = files.get(lang);
  if (!file) {
    const path = new URL(`../catalog/translations/${lang}.json`, import.meta.url);
    file = JSON.parse(readFileSync(path, 'utf8')) as TranslationFile;
    if (file.language !== lang) throw new Error(`${path.pathname}: "language" is "${file.language}", expected "${lang}"`);
    files.set(lang, file);
  }
  return file;
}

function entryOf(lang: Exclude<Lang, 'en'>, item: CatalogItem): Entry | undefined {
  const t = translations(lang);
  switch (item.kind) {
    case 'indicator':
      return t.indicators[item.code];
    case 'dimension':
      return t.dimensions[item.id];
    case 'codelist':
      return t.codelists[item.id];
    case 'code':
      return t.codelists[item.codelist]?.codes[item.id];
    case 'region':
      return t.regions[item.id];
  }
}

/** Throws naming the languages there are, for a language that is not one of them. */
export function assertLang(lang: string): asserts lang is Lang {
  if (!(LANGS as readonly string[]).includes(lang)) throw new Error(`Unknown language "${lang}"; choose one of: ${LANGS.join(', ')}`);
}

/**
 * The catalog item's name in `lang`; the English name (not reviewed) when the translation file has
 * none yet, so that a new indicator shows before its translation is written.
 */
export function translatedName(lang: Lang, item: CatalogItem, english: string): Translated {
  if (lang === 'en') return { text: english, reviewed: true };
  const entry = entryOf(lang, item);
  return entry ? { text: entry.name, reviewed: entry.reviewed } : { text: english, reviewed: false };
}

/** An indicator's agreed definition in `lang` (English, not reviewed, when not translated). */
export function translatedDefinition(lang: Lang, code: string, english: string): Translated {
  if (lang === 'en') return { text: english, reviewed: true };
  const entry = translations(lang).indicators[code];
  return entry?.definition ? { text: entry.definition, reviewed: entry.reviewed } : { text: english, reviewed: false };
}

let registered = false;

/** A territory's short name from ISO 3166-1 as maintained in i18n-iso-countries; undefined when unknown. */
export function territoryName(iso3: string, lang: Lang): string | undefined {
  if (!registered) {
    const require = createRequire(import.meta.url);
    for (const l of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
    registered = true;
  }
  return countries.getName(iso3, lang) ?? undefined;
}
