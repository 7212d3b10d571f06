// The report builder's words in the network's languages: English, Russian (DSM), Spanish (SIEMMES).
// The language is the permalink's `lang=`, else the one chosen before (kept in this browser), else
// the first of the browser's languages we have, else English. Catalog names come from the graph in
// the same language (`name(lang:)`); numbers and dates are written with Intl for it.
import { bilateralEn, bilateralEs, bilateralRu } from './i18n-bilateral.js';
import { builderEn, builderEs, builderRu, flagWordsEs, flagWordsRu } from './i18n-builder.js';

export type Lang = 'en' | 'ru' | 'es';
export const LANGS: readonly { id: Lang; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'ru', label: 'Русский' },
  { id: 'es', label: 'Español' },
];
const STORE_KEY = 'migfed.lang';

const en = {
  'site.skip': 'Skip to the report',
  'site.brand': 'migfed reports',
  'site.overview': 'Overview',
  'site.bilateral': 'Bilateral',
  'site.explorer': 'Explorer',
  'site.nav': 'Site',
  'site.heading': 'Regional migration statistics',
  'site.language': 'Language',
  'site.loading': 'Loading the region and its indicator catalog…',
  'page.title': 'migfed reports',
  'error.title': 'The report could not be shown',
  'error.generic': 'Something went wrong while building the page: {message}',
  'error.retry': 'Try again',
  'error.back': ' or go back to the ',
  'error.overview': 'overview',
  'error.escaped': 'Something went wrong: {message}',
  'status.loadingReport': 'Loading the report…',
  'status.ready': 'Report ready: {members}{down}, {periods}.',
  'status.down': ' ({n} not available)',
  'count.member.one': '{n} member',
  'count.member.other': '{n} members',
  'count.period.one': '{n} period',
  'count.period.other': '{n} periods',
  'overview.loading': 'Loading what each member has published…',
  'overview.title': 'Who has published what',
  'overview.caption':
    'Latest period published by each member, and the date of its last release; the next scheduled release (release calendar)',
  'overview.nextRelease': 'Next release',
  'overview.noneScheduled': 'none scheduled',
  'overview.reportLink': 'Report: {name}, all members',
  'table.member': 'Member',
  'table.metaMark': 'National definition or source differs: see the note',
  'form.title': 'Build a report',
  'form.region': 'Region: ',
  'form.regionNote': ' ({id}). This gateway serves one region.',
  'form.indicator': 'Indicator',
  'form.from': 'From',
  'form.to': 'To',
  'form.asOf': 'As published on',
  'form.by1': 'Breakdown',
  'form.by2': 'Second breakdown',
  'form.columns': 'Columns',
  'form.columns.periods': 'Periods',
  'form.columns.breakdown': 'Codes of the first breakdown',
  'form.chart': 'Chart',
  'form.chart.auto': 'Automatic',
  'form.chart.lines': 'Lines over time',
  'form.chart.bars': 'Bars for one period',
  'form.chart.shares': 'Shares of the breakdown',
  'form.none': 'None',
  'form.members': 'Members',
  'form.all': 'All',
  'form.periodHint': 'Periods for which a member has published figures; from and to are included.',
  'form.aggregate': 'Periods shown as',
  'form.asOfHint': 'As published on: leave empty for the figures published now; a date reproduces what was cited then.',
  'form.submit': 'Show report',
  'form.noMember': 'Choose at least one member: none is chosen.',
  'form.unreviewed': 'Names of indicators, breakdowns and codes in this language are translations not yet reviewed by the network.',
  'report.noPeriod': 'no period',
  'report.members': '{n} members',
  'report.asOf': 'as published on {date}',
  'report.unreviewed': 'Translated name and definition, not yet reviewed by the network; the code is {code}.',
  'report.notIn': 'Not in this report: {list}. ',
  'report.othersShown': 'The other members are shown. ',
  'report.actions': 'Downloads and link',
  'report.csv': 'Download CSV',
  'report.sdmxCsv': 'Download SDMX-CSV',
  'report.svg': 'Chart as SVG',
  'report.png': 'Chart as PNG',
  'report.link': 'Link to this report',
  'report.copyLink': 'Copy link',
  'report.copied': 'Copied',
  'report.selected': 'Selected: press Ctrl+C',
  'report.caption': '{title}, {region}. Member totals; the table below has every figure.',
  'report.unhcrFailed': 'The UNHCR comparison could not be loaded: {message}',
  'query.summary': 'The GraphQL query that produced this report',
  'query.copy': 'Copy GraphQL query',
  'query.copyVariables': 'Copy variables',
  'query.open': 'Open in the explorer',
  'query.openNote': ' (the query in the editor, the variables in its Variables pane).',
  'report.csvNotes': 'Notes for the CSV (.txt)',
  'report.xlsx': 'Download Excel (XLSX)',
  'report.xlsxFailed': 'The Excel file could not be made: {message}',
  'report.sdmx': 'SDMX REST link',
  'notes.completeness': 'Completeness',
  'notes.complete': 'Every member has a figure for every period of the range.',
  'notes.flags': 'Flags',
  'notes.definitions': 'National definitions',
  'notes.agreed': 'Agreed: ',
  'notes.differs': 'Differs: ',
  'notes.comparability': 'Comparability: ',
  'notes.followAgreed': 'Follow the agreed definition: ',
  'notes.noMetadata': 'No national metadata: ',
  ...builderEn,
  ...bilateralEn,
} as const;

export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string> & Partial<Record<string, string>>;

const ru: Messages = {
  ...builderRu,
  ...bilateralRu,
  ...flagWordsRu,
  'site.skip': 'Перейти к отчёту',
  'site.brand': 'Отчёты migfed',
  'site.overview': 'Обзор',
  'site.bilateral': 'Двусторонние',
  'site.explorer': 'Обозреватель',
  'site.nav': 'Сайт',
  'site.heading': 'Региональная статистика миграции',
  'site.language': 'Язык',
  'site.loading': 'Загрузка региона и каталога показателей…',
  'page.title': 'Отчёты migfed',
  'error.title': 'Не удалось показать отчёт',
  'error.generic': 'При построении страницы произошла ошибка: {message}',
  'error.retry': 'Повторить',
  'error.back': ' или вернуться к ',
  'error.overview': 'обзору',
  'error.escaped': 'Произошла ошибка: {message}',
  'status.loadingReport': 'Загрузка отчёта…',
  'status.ready': 'Отчёт готов: {members}{down}, {periods}.',
  'status.down': ' ({n} недоступно)',
  'count.member.one': '{n} участник',
  'count.member.few': '{n} участника',
  'count.member.many': '{n} участников',
  'count.member.other': '{n} участника',
  'count.period.one': '{n} период',
  'count.period.few': '{n} периода',
  'count.period.many': '{n} периодов',
  'count.period.other': '{n} периода',
  'overview.loading': 'Загрузка сведений о том, что опубликовал каждый участник…',
  'overview.title': 'Кто что опубликовал',
  'overview.caption':
    'Последний опубликованный период каждого участника и дата его последнего выпуска; следующий запланированный выпуск (календарь выпусков)',
  'overview.nextRelease': 'Следующий выпуск',
  'overview.noneScheduled': 'не запланирован',
  'overview.reportLink': 'Отчёт: {name}, все участники',
  'table.member': 'Участник',
  'table.metaMark': 'Национальное определение или источник отличаются: см. примечание',
  'form.title': 'Построить отчёт',
  'form.region': 'Регион: ',
  'form.regionNote': ' ({id}). Этот шлюз обслуживает один регион.',
  'form.indicator': 'Показатель',
  'form.from': 'С',
  'form.to': 'По',
  'form.asOf': 'Как опубликовано на',
  'form.by1': 'Разбивка',
  'form.by2': 'Вторая разбивка',
  'form.columns': 'Столбцы',
  'form.columns.periods': 'Периоды',
  'form.columns.breakdown': 'Коды первой разбивки',
  'form.chart': 'Диаграмма',
  'form.chart.auto': 'Автоматически',
  'form.chart.lines': 'Линии во времени',
  'form.chart.bars': 'Столбцы за один период',
  'form.chart.shares': 'Доли разбивки',
  'form.none': 'Нет',
  'form.members': 'Участники',
  'form.all': 'Все',
  'form.periodHint': 'Периоды, за которые хотя бы один участник опубликовал данные; «с» и «по» включительно.',
  'form.aggregate': 'Периоды показаны как',
  'form.asOfHint': 'Как опубликовано на: оставьте пустым для данных, опубликованных сейчас; дата воспроизводит то, что цитировалось тогда.',
  'form.submit': 'Показать отчёт',
  'form.noMember': 'Выберите хотя бы одного участника.',
  'form.unreviewed': 'Названия показателей, разбивок и кодов на этом языке — переводы, ещё не проверенные сетью.',
  'report.noPeriod': 'нет периода',
  'report.members': 'участников: {n}',
  'report.asOf': 'как опубликовано на {date}',
  'report.unreviewed': 'Название и определение переведены и ещё не проверены сетью; код показателя {code}.',
  'report.notIn': 'Нет в отчёте: {list}. ',
  'report.othersShown': 'Остальные участники показаны. ',
  'report.actions': 'Загрузки и ссылка',
  'report.csv': 'Скачать CSV',
  'report.sdmxCsv': 'Скачать SDMX-CSV',
  'report.svg': 'Диаграмма в SVG',
  'report.png': 'Диаграмма в PNG',
  'report.link': 'Ссылка на этот отчёт',
  'report.copyLink': 'Копировать ссылку',
  'report.copied': 'Скопировано',
  'report.selected': 'Выделено: нажмите Ctrl+C',
  'report.caption': '{title}, {region}. Итоги по участникам; все значения — в таблице ниже.',
  'report.unhcrFailed': 'Не удалось загрузить сравнение с УВКБ ООН: {message}',
  'query.summary': 'Запрос GraphQL, по которому построен этот отчёт',
  'query.copy': 'Копировать запрос GraphQL',
  'query.copyVariables': 'Копировать переменные',
  'query.open': 'Открыть в обозревателе',
  'query.openNote': ' (запрос в редакторе, переменные на панели Variables).',
  'report.csvNotes': 'Примечания к CSV (.txt)',
  'report.xlsx': 'Скачать Excel (XLSX)',
  'report.xlsxFailed': 'Не удалось создать файл Excel: {message}',
  'report.sdmx': 'Ссылка SDMX REST',
  'notes.completeness': 'Полнота',
  'notes.complete': 'У каждого участника есть значение за каждый период диапазона.',
  'notes.flags': 'Отметки',
  'notes.definitions': 'Национальные определения',
  'notes.agreed': 'Согласованное: ',
  'notes.differs': 'Отличие: ',
  'notes.comparability': 'Сопоставимость: ',
  'notes.followAgreed': 'Следуют согласованному определению: ',
  'notes.noMetadata': 'Нет национальных метаданных: ',
  // Words whose English is where they are defined (the totals' labels in model.ts, the catalog's
  // units, the flags' legend in flags.ts and notes.ts), looked up with tOr.
  'total.Regional total': 'Региональный итог',
  'total.Total of the selected members': 'Итог по выбранным участникам',
  'unit.PERSONS': 'человек',
  'unit.PERMITS': 'разрешений',
  'unit.CROSSINGS': 'пересечений',
  'unit.DECISIONS': 'решений',
  'legend.:': 'нет данных (значение за этот период не опубликовано или участник не ответил)',
  'legend.p': 'предварительное',
  'legend.e': 'оценка',
  'legend.b': 'разрыв ряда',
  'legend.c': 'конфиденциально: значение скрыто (малое число, вторичная конфиденциальность, эмбарго)',
  'legend.u': 'низкая надёжность',
  'legend.d': 'определение отличается',
  'legend.f': 'прогноз',
  'legend.r': 'пересмотрено: в более раннем выпуске было опубликовано другое значение (выберите r, чтобы увидеть его)',
  'legend.m, l, o, q': 'отсутствует: не собиралось, не существует, скрыто (SDMX OBS_STATUS M, L, O, Q)',
  'legend.*': 'итог без участников, у которых нет значения (см. примечание)',
  'legend.partial': 'региональный итог не показан: значение есть у слишком малой доли участников региона (см. примечание)',
  'legend.†': 'национальное определение или источник отличаются от согласованных',
};

const es: Messages = {
  ...builderEs,
  ...bilateralEs,
  ...flagWordsEs,
  'site.skip': 'Ir al informe',
  'site.brand': 'Informes migfed',
  'site.overview': 'Resumen',
  'site.bilateral': 'Bilateral',
  'site.explorer': 'Explorador',
  'site.nav': 'Sitio',
  'site.heading': 'Estadísticas regionales de migración',
  'site.language': 'Idioma',
  'site.loading': 'Cargando la región y su catálogo de indicadores…',
  'page.title': 'Informes migfed',
  'error.title': 'No se pudo mostrar el informe',
  'error.generic': 'Algo falló al construir la página: {message}',
  'error.retry': 'Reintentar',
  'error.back': ' o volver al ',
  'error.overview': 'resumen',
  'error.escaped': 'Algo falló: {message}',
  'status.loadingReport': 'Cargando el informe…',
  'status.ready': 'Informe listo: {members}{down}, {periods}.',
  'status.down': ' ({n} no disponibles)',
  'count.member.one': '{n} miembro',
  'count.member.other': '{n} miembros',
  'count.period.one': '{n} período',
  'count.period.other': '{n} períodos',
  'overview.loading': 'Cargando lo que ha publicado cada miembro…',
  'overview.title': 'Quién ha publicado qué',
  'overview.caption':
    'Último período publicado por cada miembro y la fecha de su última publicación; la próxima publicación programada (calendario)',
  'overview.nextRelease': 'Próxima publicación',
  'overview.noneScheduled': 'ninguna programada',
  'overview.reportLink': 'Informe: {name}, todos los miembros',
  'table.member': 'Miembro',
  'table.metaMark': 'La definición o la fuente nacional difiere: véase la nota',
  'form.title': 'Construir un informe',
  'form.region': 'Región: ',
  'form.regionNote': ' ({id}). Esta pasarela sirve a una región.',
  'form.indicator': 'Indicador',
  'form.from': 'Desde',
  'form.to': 'Hasta',
  'form.asOf': 'Tal como se publicó el',
  'form.by1': 'Desglose',
  'form.by2': 'Segundo desglose',
  'form.columns': 'Columnas',
  'form.columns.periods': 'Períodos',
  'form.columns.breakdown': 'Códigos del primer desglose',
  'form.chart': 'Gráfico',
  'form.chart.auto': 'Automático',
  'form.chart.lines': 'Líneas en el tiempo',
  'form.chart.bars': 'Barras de un período',
  'form.chart.shares': 'Proporciones del desglose',
  'form.none': 'Ninguno',
  'form.members': 'Miembros',
  'form.all': 'Todos',
  'form.periodHint': 'Períodos para los que algún miembro ha publicado cifras; «desde» y «hasta» incluidos.',
  'form.aggregate': 'Períodos mostrados como',
  'form.asOfHint': 'Tal como se publicó el: déjelo vacío para las cifras publicadas hoy; una fecha reproduce lo que se citó entonces.',
  'form.submit': 'Mostrar informe',
  'form.noMember': 'Elija al menos un miembro.',
  'form.unreviewed': 'Los nombres de indicadores, desgloses y códigos en este idioma son traducciones aún no revisadas por la red.',
  'report.noPeriod': 'sin período',
  'report.members': '{n} miembros',
  'report.asOf': 'tal como se publicó el {date}',
  'report.unreviewed': 'Nombre y definición traducidos, aún no revisados por la red; el código es {code}.',
  'report.notIn': 'No están en este informe: {list}. ',
  'report.othersShown': 'Se muestran los demás miembros. ',
  'report.actions': 'Descargas y enlace',
  'report.csv': 'Descargar CSV',
  'report.sdmxCsv': 'Descargar SDMX-CSV',
  'report.svg': 'Gráfico en SVG',
  'report.png': 'Gráfico en PNG',
  'report.link': 'Enlace a este informe',
  'report.copyLink': 'Copiar enlace',
  'report.copied': 'Copiado',
  'report.selected': 'Seleccionado: pulse Ctrl+C',
  'report.caption': '{title}, {region}. Totales por miembro; la tabla de abajo tiene todas las cifras.',
  'report.unhcrFailed': 'No se pudo cargar la comparación con ACNUR: {message}',
  'query.summary': 'La consulta GraphQL que produjo este informe',
  'query.copy': 'Copiar la consulta GraphQL',
  'query.copyVariables': 'Copiar las variables',
  'query.open': 'Abrir en el explorador',
  'query.openNote': ' (la consulta en el editor, las variables en su panel Variables).',
  'report.csvNotes': 'Notas del CSV (.txt)',
  'report.xlsx': 'Descargar Excel (XLSX)',
  'report.xlsxFailed': 'No se pudo crear el archivo Excel: {message}',
  'report.sdmx': 'Enlace SDMX REST',
  'notes.completeness': 'Completitud',
  'notes.complete': 'Cada miembro tiene una cifra para cada período del rango.',
  'notes.flags': 'Marcas',
  'notes.definitions': 'Definiciones nacionales',
  'notes.agreed': 'Acordada: ',
  'notes.differs': 'Difiere: ',
  'notes.comparability': 'Comparabilidad: ',
  'notes.followAgreed': 'Siguen la definición acordada: ',
  'notes.noMetadata': 'Sin metadatos nacionales: ',
  // Words whose English is where they are defined (the totals' labels in model.ts, the catalog's
  // units, the flags' legend in flags.ts and notes.ts), looked up with tOr.
  'total.Regional total': 'Total regional',
  'total.Total of the selected members': 'Total de los miembros seleccionados',
  'unit.PERSONS': 'personas',
  'unit.PERMITS': 'permisos',
  'unit.CROSSINGS': 'cruces',
  'unit.DECISIONS': 'decisiones',
  'legend.:': 'no disponible (no se publicó cifra para este período o el miembro no respondió)',
  'legend.p': 'provisional',
  'legend.e': 'estimado',
  'legend.b': 'ruptura de la serie',
  'legend.c': 'confidencial: valor retenido (recuento pequeño, confidencialidad secundaria, embargo)',
  'legend.u': 'baja fiabilidad',
  'legend.d': 'la definición difiere',
  'legend.f': 'previsión',
  'legend.r': 'revisado: una publicación anterior dio otro valor (seleccione r para verlo)',
  'legend.m, l, o, q': 'ausente: no recopilado, no existe, suprimido (SDMX OBS_STATUS M, L, O, Q)',
  'legend.*': 'total que deja fuera a los miembros sin cifra (véase la nota)',
  'legend.partial': 'total regional retenido: muy pocos miembros de la región tienen cifra (véase la nota)',
  'legend.†': 'la definición o la fuente nacional difiere de la acordada',
};

export const MESSAGES: Record<Lang, Messages> = { en, ru, es };

const isLang = (value: string | null | undefined): value is Lang => LANGS.some((l) => l.id === value);

/** The language to show: `lang=` in the URL, else the one chosen before, else the browser's, else English. */
export function pickLang(search: string, stored: string | null, preferred: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (isLang(asked)) return asked;
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

// The browser's globals, typed here so that this module also loads in Node (the app's unit tests).
const page = globalThis as {
  location?: { search: string };
  navigator?: { languages?: readonly string[] };
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
};

function storedLang(): string | null {
  try {
    return page.localStorage?.getItem(STORE_KEY) ?? null;
  } catch {
    return null; // storage refused (private mode, file://)
  }
}

/** Remembers the reader's choice in this browser (when storage is allowed). */
export function rememberLang(value: Lang): void {
  try {
    page.localStorage?.setItem(STORE_KEY, value);
  } catch {
    // not remembered; the URL still carries it
  }
}

let current: Lang = page.location ? pickLang(page.location.search, storedLang(), page.navigator?.languages ?? []) : 'en';

export const lang = (): Lang => current;

/** Sets the language the next calls use (the switch; tests of pure code). */
export function setLang(value: Lang): void {
  current = value;
}

/** The message in the current language, `{name}` replaced by `params.name`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A translated text that has no English key (the English is where the thing is defined), or the English given. */
export function tOr(key: string, english: string): string {
  return MESSAGES[current][key] ?? english;
}

/** `5 members`, `5 участников`: the count with the word its language's plural rules want. */
export function count(noun: 'member' | 'period', n: number): string {
  const rule = new Intl.PluralRules(current).select(n);
  const text = MESSAGES[current][`count.${noun}.${rule}`] ?? MESSAGES[current][`count.${noun}.other`]!;
  return text.replace('{n}', formatInteger(n));
}

const integers = new Map<Lang, Intl.NumberFormat>();
function formatInteger(n: number): string {
  const f = integers.get(current) ?? new Intl.NumberFormat(current, { maximumFractionDigits: 0 });
  integers.set(current, f);
  return f.format(n);
}

/**
 * A date (`2025-03-31` or an ISO instant) written the language's way: `31.03.2025` in Russian,
 * `31/03/2025` in Spanish; English keeps ISO 8601 (`2025-03-31`), which reads the same everywhere.
 */
export function formatDate(iso: string): string {
  if (current === 'en') return iso.slice(0, 10);
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(date);
}

/** A report's query string with the language kept in it (left out for English, the default). */
export function withLang(search: string): string {
  const q = new URLSearchParams(search);
  if (current === 'en') q.delete('lang');
  else q.set('lang', current);
  const text = q.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}
