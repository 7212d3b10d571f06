import { afterEach, describe, expect, it } from 'vitest';
import { notes, type ReportInfo } from './exports.js';
import { flagsOf, LEGEND, REVISED } from './flags.js';
import { flagWordsEs, flagWordsRu } from './i18n-builder.js';
import { count, formatDate, type Lang, MESSAGES, pickLang, setLang, t, tOr, withLang } from './i18n.js';

afterEach(() => setLang('en'));

describe('the report builder’s languages', () => {
  it('takes lang= from the link, else the remembered choice, else the browser’s languages, else English', () => {
    expect(pickLang('?indicator=X&lang=es', 'ru', ['ru-RU'])).toBe('es');
    expect(pickLang('?lang=fr', 'ru', ['es'])).toBe('ru');
    expect(pickLang('', null, ['fr-FR', 'es-MX', 'ru'])).toBe('es');
    expect(pickLang('', 'de', ['de-DE', 'fr'])).toBe('en');
  });

  it('has every message in Russian and Spanish, with the same placeholders as in English', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of ['ru', 'es'] as Lang[]) {
      for (const [key, text] of Object.entries(MESSAGES.en)) {
        const translated = MESSAGES[lang][key];
        expect([lang, key, typeof translated]).toEqual([lang, key, 'string']);
        expect([lang, key, placeholders(translated!)]).toEqual([lang, key, placeholders(text!)]);
      }
    }
  });

  it('explains every flag of the legend in Russian and Spanish, and in English as flags.ts defines them', () => {
    for (const lang of ['ru', 'es'] as Lang[]) {
      for (const { letter } of LEGEND) expect([lang, letter, typeof MESSAGES[lang][`legend.${letter}`]]).toEqual([lang, letter, 'string']);
    }
    expect(tOr('legend.p', 'provisional')).toBe('provisional');
    setLang('ru');
    expect(tOr('legend.p', 'provisional')).toBe('предварительное');
  });

  it('counts with each language’s plural rules and writes numbers and dates its way', () => {
    expect([count('member', 1), count('member', 12)]).toEqual(['1 member', '12 members']);
    expect(formatDate('2025-03-31T09:00:00Z')).toBe('2025-03-31');
    setLang('ru');
    expect([count('member', 1), count('member', 3), count('member', 12), count('member', 21)]).toEqual([
      '1 участник',
      '3 участника',
      '12 участников',
      '21 участник',
    ]);
    expect(formatDate('2025-03-31')).toBe('31.03.2025');
    expect(t('status.down', { n: 2 })).toBe(' (2 недоступно)');
    setLang('es');
    expect(count('period', 5)).toBe('5 períodos');
    expect(formatDate('2025-03-31T09:00:00Z')).toBe('31/03/2025');
  });

  it('keeps the language in a report’s link, and leaves English links as they were', () => {
    expect(withLang('?indicator=WORK_PERMITS_ISSUED&from=2015&members=ARM,GEO')).toBe(
      '?indicator=WORK_PERMITS_ISSUED&from=2015&members=ARM,GEO',
    );
    setLang('ru');
    expect(withLang('?indicator=WORK_PERMITS_ISSUED&members=ARM,GEO')).toBe('?indicator=WORK_PERMITS_ISSUED&members=ARM,GEO&lang=ru');
    expect(withLang('')).toBe('?lang=ru');
  });

  it('names every flag of a cell’s tooltip in Russian and Spanish, and keeps the English of flags.ts', () => {
    expect(Object.keys(flagWordsEs).sort()).toEqual(Object.keys(flagWordsRu).sort());
    expect(flagsOf('P', 'A').map((f) => f.label)).toEqual(['confidential (small count)', 'provisional']);
    setLang('es');
    expect(flagsOf('P', 'A').map((f) => f.label)).toEqual(['confidencial (recuento pequeño)', 'provisional']);
    expect(flagsOf('Q', 'F').map((f) => f.label)).toEqual(['ausente: suprimido']);
    setLang('ru');
    expect([flagsOf('E', 'F')[0]!.label, REVISED.label]).toEqual(['оценка', 'пересмотрено: в прежнем выпуске было другое значение']);
  });

  it('writes a download’s notes in the page’s language, the date its way, the flag letters as codes', () => {
    const info: ReportInfo = {
      title: 'T',
      unit: 'u',
      regionName: 'R',
      secretariat: 'S',
      asOf: '2025-03-31',
      vintage: true,
      permalink: 'http://x/reports',
      source: 'src',
      releases: [],
    };
    expect(notes(info).map(([label]) => label)).toEqual(['Title', 'Unit', 'Region', 'Source', 'As of', 'Releases', 'Citation', 'Flags']);
    expect(notes(info)[4]![1]).toBe('As published on 2025-03-31');
    setLang('ru');
    const ru = notes(info);
    expect(ru.map(([label]) => label)).toEqual([
      'Название',
      'Единица',
      'Регион',
      'Источник',
      'На дату',
      'Выпуски',
      'Ссылка для цитирования',
      'Отметки',
    ]);
    expect([ru[4]![1], ru[5]![1]]).toEqual(['Опубликовано на 31.03.2025', 'не указаны']);
    expect(ru[7]![1]).toContain('p предварительное');
    setLang('es');
    expect(notes({ ...info, vintage: false })[4]![1]).toBe('Publicado el 31/03/2025 (las últimas publicaciones)');
  });
});
