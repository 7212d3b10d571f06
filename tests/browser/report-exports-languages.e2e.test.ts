// A secretariat officer of DSM (Russian) or SIEMMES (Spanish) builds a report of the stock of
// foreigners for chosen citizenships and years through the form in their language, downloads it as
// CSV (with its notes) and XLSX, and the files open as a spreadsheet wants them: numbers as numbers,
// flags beside them, source and date present, and the words around the figures in the page's language.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../harness/csv.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { codeOf, type Figure, useBuilderStack } from './builder-stack.js';

const env = useBuilderStack();

/** What each language calls the controls and the notes: the words a reader of that language sees. */
const WORDS = {
  ru: {
    locale: 'ru-RU',
    indicator: 'Показатель',
    from: 'С',
    to: 'По',
    breakdown: 'Разбивка',
    none: 'Нет',
    chosen: /^выбрано 2 из \d+$/,
    submit: 'Показать отчёт',
    csv: 'Скачать CSV',
    notes: 'Примечания к CSV (.txt)',
    xlsx: 'Скачать Excel (XLSX)',
    header: ['Код участника', 'Участник'],
    tail: ['Период', 'Значение', 'Отметки', 'Прежнее значение'],
    sheets: ['Данные', 'Примечания'],
    labels: ['Название', 'Единица', 'Регион', 'Источник', 'На дату', 'Выпуски', 'Ссылка для цитирования', 'Отметки'],
    unit: 'человек',
    source: /^Национальные данные, опубликованные участниками через migfed \(STOCK_FOREIGNERS\)/,
    asOf: /^Опубликовано на \d{2}\.\d{2}\.\d{4} \(последние выпуски\)$/,
    flag: 'p предварительное',
  },
  es: {
    locale: 'es-ES',
    indicator: 'Indicador',
    from: 'Desde',
    to: 'Hasta',
    breakdown: 'Desglose',
    none: 'Ninguno',
    chosen: /^2 de \d+ elegidos$/,
    submit: 'Mostrar informe',
    csv: 'Descargar CSV',
    notes: 'Notas del CSV (.txt)',
    xlsx: 'Descargar Excel (XLSX)',
    header: ['Código del miembro', 'Miembro'],
    tail: ['Período', 'Valor', 'Marcas', 'Valor anterior'],
    sheets: ['Datos', 'Notas'],
    labels: ['Título', 'Unidad', 'Región', 'Fuente', 'Fecha', 'Publicaciones', 'Cita', 'Marcas'],
    unit: 'personas',
    source: /^Cifras nacionales publicadas por los miembros a través de migfed \(STOCK_FOREIGNERS\)/,
    asOf: /^Publicado el \d{2}\/\d{2}\/\d{4} \(las últimas publicaciones\)$/,
    flag: 'p provisional',
  },
} as const;

let graph: Map<string, Figure[]>;
beforeAll(async () => {
  graph = await env.figures('STOCK_FOREIGNERS', '2022', '2024', [{ dimension: 'CITIZENSHIP', codes: ['_T', 'RUS', 'UZB'] }]);
});

async function downloaded(page: Page, name: string): Promise<{ file: string; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  return { file: download.suggestedFilename(), path: (await download.path())! };
}

describe('a report built and downloaded in Russian and in Spanish', () => {
  for (const lang of ['ru', 'es'] as const) {
    const w = WORDS[lang];
    it(`${lang}: chosen citizenships and years, CSV and XLSX with numbers, flags, source, date and notes in ${lang}`, async () => {
      const context = await env.context
        .browser()!
        .newContext({ locale: w.locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(env.reports);
      // The form through its labels in the page's language; catalog entries by their codes.
      await page.getByLabel(w.indicator, { exact: true }).selectOption('STOCK_FOREIGNERS');
      const from = page.getByLabel(w.from, { exact: true });
      await from.locator('option[value="2022"]').waitFor({ state: 'attached' });
      await from.selectOption('2022');
      await page.getByLabel(w.to, { exact: true }).selectOption('2024');
      await page.getByLabel(w.breakdown, { exact: true }).selectOption('CITIZENSHIP');
      const picker = page.locator('fieldset.code-picker');
      await picker.getByRole('button', { name: w.none, exact: true }).click();
      await picker.locator('input[value="UZB"]').check();
      await picker.locator('input[value="RUS"]').check();
      await expect(picker.locator('.code-count').innerText()).resolves.toMatch(w.chosen);
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      await page.getByRole('heading', { level: 2, name: /, 2022–2024$/ }).waitFor();
      const title = await page.locator('#report-title').innerText();
      const kaz = (code: string, year: string) => graph.get('KAZ')!.find((f) => f.period === year && codeOf(f, 'CITIZENSHIP') === code)!;

      const csv = await downloaded(page, w.csv);
      const text = await readFile(csv.path, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1));
      expect(rows[0]!.slice(0, 2)).toEqual(w.header);
      expect(rows[0]!.slice(-4)).toEqual(w.tail);
      const kazUzb = rows.find((r) => r[0] === 'KAZ' && r[2] === 'UZB' && r[4] === '2024')!;
      // A plain number (no grouping of the page's language), and its flag in a column of its own.
      expect(kazUzb[5]).toBe(String(kaz('UZB', '2024').value));
      expect(kazUzb[6]).toBe('p');
      expect(rows.filter((r) => r[0] === 'KAZ').map((r) => r[2])).toEqual(expect.arrayContaining(['RUS', 'UZB', '_T']));
      expect(rows.some((r) => r[0] === 'KAZ' && r[2] === 'KGZ')).toBe(false);

      const sidecar = await downloaded(page, w.notes);
      const notes = (await readFile(sidecar.path, 'utf8')).split('\r\n').filter(Boolean);
      expect(notes.map((line) => line.slice(0, line.indexOf(': ')))).toEqual(w.labels);
      expect(notes[0]).toBe(`${w.labels[0]}: ${title}`);
      expect(notes[1]).toBe(`${w.labels[1]}: ${w.unit}`);
      expect(notes[3]!.slice(w.labels[3].length + 2)).toMatch(w.source);
      expect(notes[4]!.slice(w.labels[4].length + 2)).toMatch(w.asOf);
      expect(notes[7]).toContain(w.flag);

      const xlsx = await downloaded(page, w.xlsx);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx.path);
      expect(book.worksheets.map((s) => s.name)).toEqual(w.sheets);
      // exceljs rows are 1-based: drop the empty first cell.
      const values = (book.worksheets[0]!.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1));
      expect(values[0]).toEqual(rows[0]);
      const cell = values.find((r) => r[0] === 'KAZ' && r[2] === 'UZB' && r[4] === '2024')!;
      expect([cell[5], cell[6]]).toEqual([kaz('UZB', '2024').value, 'p']);
      const figures = values.slice(1).filter((r) => r[5] !== undefined && r[5] !== null);
      expect(figures.length).toBeGreaterThan(0);
      expect(figures.every((r) => typeof r[5] === 'number')).toBe(true);
      const sheetNotes = new Map((book.worksheets[1]!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1], String(r[2])]));
      expect([...sheetNotes.keys()]).toEqual(w.labels);
      expect(sheetNotes.get(w.labels[3])).toMatch(w.source);
      expect(sheetNotes.get(w.labels[4])).toMatch(w.asOf);
      expect(sheetNotes.get(w.labels[7])).toContain(w.flag);
      await expectNoSeriousAxeViolations(page, `a report by chosen citizenships in ${lang}`);
      await context.close();
    });
  }
});
