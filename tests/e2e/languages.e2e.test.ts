// The catalog's names in the network's languages, through the gateway (with its response cache, so
// that an answer cached in one language is never served for another).
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const CATALOG = `query Catalog($lang: Lang) {
  region { name(lang: $lang) }
  countries { iso3 name(lang: $lang) }
  indicator(code: "STOCK_FOREIGNERS") {
    name(lang: $lang) definition(lang: $lang) translationReviewed(lang: $lang)
    dimensions { id name(lang: $lang) codelist { id name(lang: $lang) codes { id name(lang: $lang) translationReviewed(lang: $lang) } } }
  }
  territory(iso3: "DEU") { name(lang: $lang) }
}`;

type Answer = {
  region: { name: string };
  countries: { iso3: string; name: string }[];
  indicator: {
    name: string;
    definition: string;
    translationReviewed: boolean;
    dimensions: {
      id: string;
      name: string;
      codelist: { id: string; codes: { id: string; name: string; translationReviewed: boolean }[] };
    }[];
  };
  territory: { name: string };
};

describe('languages', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  const ask = async (lang?: string) => {
    const res = await gql(stack.gatewayUrl, CATALOG, lang ? { lang } : {});
    expect(res.errors).toBeUndefined();
    return res.data as Answer;
  };
  const code = (a: Answer, dim: string, id: string) =>
    a.indicator.dimensions.find((d) => d.id === dim)!.codelist.codes.find((c) => c.id === id)!;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_languages');
    const dsm = loadRegion('dsm');
    const region: RegionDef = { ...dsm, providers: [], members: dsm.members.filter((m) => ['ARM', 'KAZ'].includes(m.iso3)) };
    stack = await startStack({ region, db: db.handle.db, responseCache: { maxAgeS: 300 } });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('answers in English by default, and in Russian and Spanish when asked, each from the cache unmixed', async () => {
    const en = await ask();
    const ru = await ask('ru');
    const es = await ask('es');
    expect([en.indicator.name, ru.indicator.name, es.indicator.name]).toEqual([
      'Stock of foreign citizens',
      'Численность иностранных граждан',
      'Población de ciudadanos extranjeros',
    ]);
    expect(ru.indicator.definition).toMatch(/^Иностранные граждане, имеющие действительный вид на жительство/);
    expect([code(en, 'SEX', 'F').name, code(ru, 'SEX', 'F').name, code(es, 'SEX', 'F').name]).toEqual(['Female', 'Женщины', 'Mujeres']);
    expect(ru.indicator.dimensions.map((d) => d.name)).toEqual(['Пол', 'Возраст', 'Страна гражданства']);
    // Territory names from ISO's maintained list in each language: codes, territories, members.
    expect([code(en, 'CITIZENSHIP', 'DEU').name, code(ru, 'CITIZENSHIP', 'DEU').name, code(es, 'CITIZENSHIP', 'DEU').name]).toEqual([
      'Germany',
      'Германия',
      'Alemania',
    ]);
    expect([en.territory.name, ru.territory.name, es.territory.name]).toEqual(['Germany', 'Германия', 'Alemania']);
    expect(ru.countries).toEqual([
      { iso3: 'ARM', name: 'Армения' },
      { iso3: 'KAZ', name: 'Казахстан' },
    ]);
    expect(ru.region.name).toBe('Механизм обмена данными (Восточная Европа и Центральная Азия)');
    // Reviewed by the network or not: English is the original; these translations await review;
    // territory names come from ISO's list.
    expect([en.indicator.translationReviewed, ru.indicator.translationReviewed]).toEqual([true, false]);
    expect([code(es, 'SEX', 'F').translationReviewed, code(es, 'CITIZENSHIP', 'DEU').translationReviewed]).toEqual([false, true]);
    // Asked again, from the cache: still each in its own language.
    expect(await ask('ru')).toEqual(ru);
    expect(await ask('es')).toEqual(es);
    expect(await ask('en')).toEqual(en);
  });

  it('refuses a language it does not have, naming the argument', async () => {
    const res = await gql(stack.gatewayUrl, CATALOG, { lang: 'fr' });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.message).toMatch(/"\$lang" got invalid value "fr"; Value "fr" does not exist in "Lang" enum/);
    const inline = await gql(stack.gatewayUrl, '{ indicator(code: "RETURNS") { name(lang: de) } }');
    expect(inline.errors?.[0]?.message).toMatch(/Value "de" does not exist in "Lang" enum/);
  });
});
