import { readFileSync } from 'node:fs';
import { supergraphPath } from '@migfed/schema';
import { buildASTSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { exampleLang, localizeTabs } from './explorer-i18n.js';
import { exampleTabs } from './explorer.js';

const supergraph = readFileSync(supergraphPath('dsm'), 'utf8');
const schema = buildASTSchema(parse(supergraph));
const tabs = exampleTabs(supergraph);

describe('the explorer’s example tabs in Russian and Spanish', () => {
  it('open with comments in the language, and still validate against the DSM supergraph', () => {
    for (const lang of ['ru', 'es'] as const) {
      const localized = localizeTabs(tabs, lang);
      expect(localized).toHaveLength(tabs.length);
      for (const [i, tab] of localized.entries()) {
        expect([lang, i, validate(schema, parse(tab.query)).map((e) => e.message)]).toEqual([lang, i, []]);
        expect(tab.variables).toBe(tabs[i]!.variables);
        expect(tab.query).not.toBe(tabs[i]!.query); // every tab's comment is translated
      }
    }
    const [ru, es] = [localizeTabs(tabs, 'ru'), localizeTabs(tabs, 'es')];
    expect(ru[0]!.query).toMatch(/^# Региональная таблица: разрешения на работу/);
    expect(es[1]!.query).toMatch(/^# El desglose de un miembro por ciudadanía/);
    const catalog = ru.find((t) => t.query.includes('query Catalog'))!;
    expect(catalog.query).toContain('name(lang: ru) definition(lang: ru) translationReviewed(lang: ru)');
    expect(catalog.query).toContain('codes { id name(lang: ru) }');
  });

  it('follow the browser’s Accept-Language, English otherwise', () => {
    expect([exampleLang('ru'), exampleLang('es'), exampleLang('en'), exampleLang(false)]).toEqual(['ru', 'es', 'en', 'en']);
    expect(localizeTabs(tabs, 'en')).toBe(tabs);
  });
});
