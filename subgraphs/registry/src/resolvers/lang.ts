import { AREA_SPECIAL_CODES, type CatalogItem, type Lang, territoryName, translatedDefinition, translatedName } from '@migfed/schema';

/** The `lang` argument every name field takes (GraphQL has already refused any other value). */
type LangArgs = { lang?: Lang | null };
const langOf = (args: LangArgs): Lang => args.lang ?? 'en';

const SPECIAL = new Set(AREA_SPECIAL_CODES.map((c) => c.id));

/** The name and review mark of a catalog item: from the translation files, territories from ISO's list. */
function nameOf(lang: Lang, item: CatalogItem, english: string) {
  if (item.kind === 'code' && item.codelist === 'AREA' && !SPECIAL.has(item.id)) {
    const name = territoryName(item.id, lang);
    return name ? { text: name, reviewed: true } : { text: english, reviewed: lang === 'en' };
  }
  return translatedName(lang, item, english);
}

/** Field resolvers for `name(lang:)`, `definition(lang:)` and `translationReviewed(lang:)`, per type. */
export const langFields = {
  Indicator: {
    name: (i: { code: string; name: string }, a: LangArgs) => nameOf(langOf(a), { kind: 'indicator', code: i.code }, i.name).text,
    definition: (i: { code: string; definition: string }, a: LangArgs) => translatedDefinition(langOf(a), i.code, i.definition).text,
    translationReviewed: (i: { code: string; name: string; definition: string }, a: LangArgs) =>
      nameOf(langOf(a), { kind: 'indicator', code: i.code }, i.name).reviewed &&
      translatedDefinition(langOf(a), i.code, i.definition).reviewed,
  },
  Dimension: {
    name: (d: { id: string; name: string }, a: LangArgs) => nameOf(langOf(a), { kind: 'dimension', id: d.id }, d.name).text,
    translationReviewed: (d: { id: string; name: string }, a: LangArgs) =>
      nameOf(langOf(a), { kind: 'dimension', id: d.id }, d.name).reviewed,
  },
  Codelist: {
    name: (c: { id: string; name: string }, a: LangArgs) => nameOf(langOf(a), { kind: 'codelist', id: c.id }, c.name).text,
  },
  Code: {
    name: (c: { codelist: string; id: string; name: string }, a: LangArgs) =>
      nameOf(langOf(a), { kind: 'code', codelist: c.codelist, id: c.id }, c.name).text,
    translationReviewed: (c: { codelist: string; id: string; name: string }, a: LangArgs) =>
      nameOf(langOf(a), { kind: 'code', codelist: c.codelist, id: c.id }, c.name).reviewed,
  },
  Region: {
    name: (r: { id: string; name: string }, a: LangArgs) => nameOf(langOf(a), { kind: 'region', id: r.id }, r.name).text,
  },
  Territory: {
    name: (t: { iso3: string; name: string }, a: LangArgs) => territoryName(t.iso3, langOf(a)) ?? t.name,
  },
};

/** A member's name: its territory's, in `lang`. */
export const memberName = (iso3: string, english: string | undefined, args: LangArgs) =>
  territoryName(iso3, langOf(args)) ?? english ?? iso3;
