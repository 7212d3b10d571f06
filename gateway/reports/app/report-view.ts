// Puts a loaded report on the page: what is missing first, then downloads and the link, the chart,
// the table with its notes, the national definitions beside it, and the query that made it.
import { chartData } from './chart-data.js';
import { pngBlob, svgBlob, withNotes } from './chart-export.js';
import { renderChart } from './chart.js';
import { sdmxCsv, tableCsv } from './csv.js';
import { copyText, download, h } from './dom.js';
import { formatDate, lang, t, tOr, withLang } from './i18n.js';
import { notesText, type ReportInfo, reportInfo, tableRows } from './exports.js';
import type { LoadedReport } from './load.js';
import { buildTable } from './model.js';
import { renderCompleteness, renderDefinitions, renderLegend, totalsNote } from './notes.js';
import { type ReportParams, toSearch } from './params.js';
import { renderSideBySide } from './side-by-side.js';
import { sdmxLink } from './sdmx-link.js';
import { renderTable } from './table-view.js';
import type { Region } from './types.js';

/** The catalog's unit in the page's language (`persons`, `человек`, `personas`). */
const unitName = (unit: string) => tOr(`unit.${unit}`, unit.toLowerCase());

/** A short message in the page's live region (read out by screen readers, never replaces the report). */
function say(message: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

function fileStem(r: LoadedReport, asOf: string): string {
  const p = r.data.periods;
  return `${r.data.indicator.code.toLowerCase()}_${p[0] ?? ''}_${p[p.length - 1] ?? ''}${asOf ? `_asof_${asOf}` : ''}`;
}

function copyButton(label: string, text: () => string, target: () => HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', async () => {
    const copied = await copyText(text(), target());
    button.textContent = copied ? t('report.copied') : t('report.selected');
    setTimeout(() => (button.textContent = label), 2500);
  });
  return button;
}

/** The explorer opened on the report's operation, its variables in their own pane. */
export function explorerLink(r: LoadedReport): string {
  const q = new URLSearchParams({ query: r.query, variables: JSON.stringify(r.variables, null, 2) });
  return new URL(`../explorer/?${q}`, location.href).href;
}

function querySection(r: LoadedReport): HTMLElement {
  const variables = JSON.stringify(r.variables, null, 2);
  const code = h('code', { id: 'query-text' }, r.query);
  const vars = h('code', { id: 'query-variables' }, variables);
  return h(
    'details',
    { class: 'query' },
    h('summary', {}, t('query.summary')),
    h(
      'p',
      {},
      copyButton(
        t('query.copy'),
        () => r.query,
        () => code,
      ),
      ' ',
      copyButton(
        t('query.copyVariables'),
        () => variables,
        () => vars,
      ),
      ' ',
      h('a', { href: explorerLink(r), id: 'explorer-link' }, t('query.open')),
      t('query.openNote'),
    ),
    // Long lines scroll inside the block: focusable, so a keyboard can scroll it too.
    h('h3', { class: 'query-part' }, t('query.part')),
    h('pre', { tabindex: 0 }, code),
    h('h3', { class: 'query-part' }, t('query.variables')),
    h('pre', { tabindex: 0 }, vars),
  );
}

/** `unhcr`: the fields of `Country.unhcr` when the graph has that provider (side by side), else null. */
export function renderReport(region: Region, params: ReportParams, r: LoadedReport, unhcr: readonly string[] | null): HTMLElement {
  const { data } = r;
  const periods =
    data.periods.length > 1 ? `${data.periods[0]}–${data.periods[data.periods.length - 1]}` : (data.periods[0] ?? t('report.noPeriod'));
  const title = `${data.indicator.name}, ${periods}`;
  const table = buildTable(data, params.columns);
  const chart = renderChart(chartData(params.chart, data), `${title}, ${region.name}`, data.indicator.unit);
  const permalink = new URL(`./${withLang(toSearch(params))}`, location.href).href;
  const down = data.members.filter((m) => m.unavailable);
  const stem = fileStem(r, params.asOf);
  const sideBySide = h('div', { class: 'side-by-side-slot' });
  void renderSideBySide(data, unhcr).then(
    (section) => section && sideBySide.replaceChildren(section),
    (err: unknown) => sideBySide.replaceChildren(h('p', { class: 'notice' }, t('report.unhcrFailed', { message: (err as Error).message }))),
  );
  const link = h('a', { href: permalink, id: 'permalink' }, t('report.link'));
  const info: ReportInfo = reportInfo(data, {
    title,
    regionName: region.name,
    secretariat: region.secretariat,
    asOf: params.asOf,
    permalink,
  });
  const rows = () => tableRows(table, region.id);
  const xlsx = () =>
    void import('./xlsx.js')
      .then(({ xlsxBlob }) => xlsxBlob(rows(), info))
      .then(
        (blob) => download(`${stem}.xlsx`, blob),
        (err: unknown) => say(t('report.xlsxFailed', { message: (err as Error).message })),
      );
  return h(
    'section',
    { class: 'report', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title', tabindex: -1 }, title),
    h(
      'p',
      { class: 'subtitle' },
      `${unitName(data.indicator.unit)} · ${region.name} · ${t('report.members', { n: data.members.length })} · ${data.indicator.code}${params.asOf ? ` · ${t('report.asOf', { date: formatDate(params.asOf) })}` : ''}`,
    ),
    lang() !== 'en' && data.indicator.translationReviewed === false
      ? h('p', { class: 'notice unreviewed' }, t('report.unreviewed', { code: data.indicator.code }))
      : null,
    ...r.notices.map((n) => h('p', { class: 'notice' }, n)),
    down.length > 0
      ? h(
          'div',
          { class: 'notice missing-members', role: 'status' },
          h('strong', {}, t('report.notIn', { list: down.map((m) => `${m.name} (${m.iso3})`).join(', ') })),
          t('report.othersShown'),
          h('ul', {}, ...down.map((m) => h('li', {}, m.unavailable!))),
        )
      : null,
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': t('report.actions') },
      h(
        'button',
        {
          type: 'button',
          onclick: () => download(`${stem}.csv`, new Blob([tableCsv(table, region.id)], { type: 'text/csv;charset=utf-8' })),
        },
        t('report.csv'),
      ),
      h(
        'button',
        { type: 'button', onclick: () => download(`${stem}.txt`, new Blob([notesText(info)], { type: 'text/plain;charset=utf-8' })) },
        t('report.csvNotes'),
      ),
      h('button', { type: 'button', onclick: xlsx }, t('report.xlsx')),
      h(
        'button',
        { type: 'button', onclick: () => download(`${stem}.sdmx.csv`, new Blob([sdmxCsv(data)], { type: 'text/csv' })) },
        t('report.sdmxCsv'),
      ),
      h('button', { type: 'button', onclick: () => download(`${stem}.svg`, svgBlob(withNotes(chart, info))) }, t('report.svg')),
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void pngBlob(withNotes(chart, info)).then(
              (b) => download(`${stem}.png`, b),
              (err: unknown) => say((err as Error).message),
            ),
        },
        t('report.png'),
      ),
      link,
      copyButton(
        t('report.copyLink'),
        () => permalink,
        () => link,
      ),
      h('a', { href: sdmxLink(params, data), id: 'sdmx-link' }, t('report.sdmx')),
    ),
    // Chart and national definitions side by side on a laptop; the table gets the full width below.
    h(
      'div',
      { class: 'report-body' },
      h(
        'figure',
        { class: 'chart' },
        h('div', { class: 'chart-box' }, chart),
        h('figcaption', {}, t('report.caption', { title, region: region.name })),
      ),
      renderDefinitions(data),
    ),
    renderTable(table, `${title} (${unitName(data.indicator.unit)})`, 'totals-note'),
    table.totalsLabel === null ? null : h('p', { id: 'totals-note', class: 'totals-note' }, totalsNote(data)),
    h('div', { class: 'report-notes' }, renderCompleteness(data), renderLegend()),
    sideBySide,
    querySection(r),
  );
}
