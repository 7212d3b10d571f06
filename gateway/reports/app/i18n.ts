// The report builder's words in the network's languages: English, Russian (DSM), Spanish (SIEMMES).
// The language is the permalink's `lang=`, else the one chosen before (kept in this browser), else
// the first of the browser's languages we have, else English. Catalog names come from the graph in
// the same language (`name(lang:)`); numbers and dates are written with Intl for it.
import { bilateralEn } from './i18n-bilateral.js';
import { builderEn } from './i18n-builder.js';
import { es, ru } from './i18n-translations.js';

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
export type Messages = Record<MessageKey, string> & Partial<Record<string, string>>;

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
