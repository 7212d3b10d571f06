// Puts a loaded report on the page: what is missing first, then downloads and the link, the chart,
// the table with its notes, the national definitions beside it, and the query that made it.
import { chartData } from './chart-data.js';
import { pngBlob, svgBlob, withNotes } from './chart-export.js';
import { renderChart } from './chart.js';
import { sdmxCsv, tableCsv } from './csv.js';
import { copyText, download, h } from './dom.js';
import { notesText, type ReportInfo, reportInfo, tableRows } from './exports.js';
import type { LoadedReport } from './load.js';
import { buildTable } from './model.js';
import { renderCompleteness, renderDefinitions, renderLegend, totalsNote } from './notes.js';
import { type ReportParams, toSearch } from './params.js';
import { renderSideBySide } from './side-by-side.js';
import { sdmxLink } from './sdmx-link.js';
import { renderTable } from './table-view.js';
import type { Region } from './types.js';

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
    button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
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
    h('summary', {}, 'The GraphQL query that produced this report'),
    h(
      'p',
      {},
      copyButton(
        'Copy GraphQL query',
        () => r.query,
        () => code,
      ),
      ' ',
      copyButton(
        'Copy variables',
        () => variables,
        () => vars,
      ),
      ' ',
      h('a', { href: explorerLink(r), id: 'explorer-link' }, 'Open in the explorer'),
      ' (the query in the editor, the variables in its Variables pane).',
    ),
    // Long lines scroll inside the block: focusable, so a keyboard can scroll it too.
    h('h3', { class: 'query-part' }, 'Query'),
    h('pre', { tabindex: 0 }, code),
    h('h3', { class: 'query-part' }, 'Variables'),
    h('pre', { tabindex: 0 }, vars),
  );
}

/** `unhcr`: the fields of `Country.unhcr` when the graph has that provider (side by side), else null. */
export function renderReport(region: Region, params: ReportParams, r: LoadedReport, unhcr: readonly string[] | null): HTMLElement {
  const { data } = r;
  const periods =
    data.periods.length > 1 ? `${data.periods[0]}–${data.periods[data.periods.length - 1]}` : (data.periods[0] ?? 'no period');
  const title = `${data.indicator.name}, ${periods}`;
  const table = buildTable(data, params.columns);
  const chart = renderChart(chartData(params.chart, data), `${title}, ${region.name}`, data.indicator.unit);
  const permalink = new URL(`./${toSearch(params)}`, location.href).href;
  const down = data.members.filter((m) => m.unavailable);
  const stem = fileStem(r, params.asOf);
  const sideBySide = h('div', { class: 'side-by-side-slot' });
  void renderSideBySide(data, unhcr).then(
    (section) => section && sideBySide.replaceChildren(section),
    (err: unknown) =>
      sideBySide.replaceChildren(h('p', { class: 'notice' }, `The UNHCR comparison could not be loaded: ${(err as Error).message}`)),
  );
  const link = h('a', { href: permalink, id: 'permalink' }, 'Link to this report');
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
        (err: unknown) => say(`The Excel file could not be made: ${(err as Error).message}`),
      );
  return h(
    'section',
    { class: 'report', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title', tabindex: -1 }, title),
    h(
      'p',
      { class: 'subtitle' },
      `${data.indicator.unit.toLowerCase()} · ${region.name} · ${data.members.length} members · ${data.indicator.code}${params.asOf ? ` · as published on ${params.asOf}` : ''}`,
    ),
    ...r.notices.map((n) => h('p', { class: 'notice' }, n)),
    down.length > 0
      ? h(
          'div',
          { class: 'notice missing-members', role: 'status' },
          h('strong', {}, `Not in this report: ${down.map((m) => `${m.name} (${m.iso3})`).join(', ')}. `),
          'The other members are shown. ',
          h('ul', {}, ...down.map((m) => h('li', {}, m.unavailable!))),
        )
      : null,
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': 'Downloads and link' },
      h(
        'button',
        {
          type: 'button',
          onclick: () => download(`${stem}.csv`, new Blob([tableCsv(table, region.id)], { type: 'text/csv;charset=utf-8' })),
        },
        'Download CSV',
      ),
      h(
        'button',
        { type: 'button', onclick: () => download(`${stem}.txt`, new Blob([notesText(info)], { type: 'text/plain;charset=utf-8' })) },
        'Notes for the CSV (.txt)',
      ),
      h('button', { type: 'button', onclick: xlsx }, 'Download Excel (XLSX)'),
      h(
        'button',
        { type: 'button', onclick: () => download(`${stem}.sdmx.csv`, new Blob([sdmxCsv(data)], { type: 'text/csv' })) },
        'Download SDMX-CSV',
      ),
      h('button', { type: 'button', onclick: () => download(`${stem}.svg`, svgBlob(withNotes(chart, info))) }, 'Chart as SVG'),
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
        'Chart as PNG',
      ),
      link,
      copyButton(
        'Copy link',
        () => permalink,
        () => link,
      ),
      h('a', { href: sdmxLink(params, data), id: 'sdmx-link' }, 'SDMX REST link'),
    ),
    // Chart and national definitions side by side on a laptop; the table gets the full width below.
    h(
      'div',
      { class: 'report-body' },
      h(
        'figure',
        { class: 'chart' },
        h('div', { class: 'chart-box' }, chart),
        h('figcaption', {}, `${title}, ${region.name}. Member totals; the table below has every figure.`),
      ),
      renderDefinitions(data),
    ),
    renderTable(table, `${title} (${data.indicator.unit.toLowerCase()})`, 'totals-note'),
    table.totalsLabel === null ? null : h('p', { id: 'totals-note', class: 'totals-note' }, totalsNote(data)),
    h('div', { class: 'report-notes' }, renderCompleteness(data), renderLegend()),
    sideBySide,
    querySection(r),
  );
}
