// The "Bilateral" view: a mirror pair's origin–destination matrix as a heat map of asymmetry
// (members × members), a drill-down for one pair as a time series of both sides with their
// completeness, a permalink and downloads. The matrix itself is built in bilateral-matrix.ts.
// `?view=bilateral&pair=LONG_TERM_MIGRATION&period=2023&members=KAZ,KGZ&origin=KAZ&destination=KGZ`
import {
  buildMatrix,
  type MatrixAnswer,
  type MatrixCell,
  MIRROR_PAIRS_QUERY,
  pairInGraph,
  servesThirdOpinion,
  type MirrorPairDef,
  matrixQuery,
  matrixVariables,
  type SideFigure,
} from './bilateral-matrix.js';
import { matrixCsv, matrixSdmxCsv } from './bilateral-export.js';
import { heatMap, legend, missingText, show } from './bilateral-heatmap.js';
import { download, h } from './dom.js';
import { t } from './i18n.js';
import { formatValue } from './flags.js';
import { type GraphQLResult, query, ReportError } from './graphql.js';
import type { Member } from './types.js';

export interface BilateralParams {
  pair: string;
  period: string;
  /** ISO3 codes; null for every member. */
  members: string[] | null;
  /** The pair drilled into, when one is. */
  origin: string;
  destination: string;
}

const DEFAULT_PAIR = 'LONG_TERM_MIGRATION';
/** Years shown in a drill-down, ending with the matrix's period. */
const SERIES_YEARS = 10;

/** The bilateral view a URL asks for; null when it asks for another page. */
export function parseBilateral(search: string): BilateralParams | null {
  const q = new URLSearchParams(search);
  if (q.get('view') !== 'bilateral') return null;
  const members = (q.get('members') ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);
  return {
    pair: q.get('pair')?.trim() || DEFAULT_PAIR,
    period: q.get('period')?.trim() || String(new Date().getUTCFullYear() - 2),
    members: members.length > 0 ? members : null,
    origin: q.get('origin')?.trim().toUpperCase() ?? '',
    destination: q.get('destination')?.trim().toUpperCase() ?? '',
  };
}

export function bilateralSearch(p: BilateralParams): string {
  const q = new URLSearchParams({ view: 'bilateral', pair: p.pair, period: p.period });
  if (p.members) q.set('members', p.members.join(','));
  if (p.origin && p.destination) {
    q.set('origin', p.origin);
    q.set('destination', p.destination);
  }
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/** The matrix's answer; `summed`: each member sums a flow's months into the periods shown (see matrixVariables). */
async function matrixFor(pair: MirrorPairDef, period: string, members: string[], to = period, summed = true) {
  // Summed for the page (each partner's figures as one series); as published, with every figure's
  // dimensions, for the SDMX-CSV of both sides.
  const figures = summed ? 'series' : 'observations';
  const result = await query<NonNullable<MatrixAnswer['data']>>(
    matrixQuery(pair, figures),
    matrixVariables(pair, period, members, to, summed),
  );
  return { data: result.data, errors: errorsOf(result) } satisfies MatrixAnswer;
}

function errorsOf(result: GraphQLResult<unknown>): MatrixAnswer['errors'] {
  return [
    ...[...result.memberErrors].map(([country, message]) => ({ message, extensions: { country } })),
    ...result.otherErrors.map((message) => ({ message })),
  ];
}

async function drillDown(pair: MirrorPairDef, c: MatrixCell, period: string): Promise<HTMLElement> {
  const last = Number(period.slice(0, 4));
  const years = Array.from({ length: pair.thirdOpinion === 'UNHCR' ? 1 : SERIES_YEARS }, (_, i) =>
    String(last - (pair.thirdOpinion === 'UNHCR' ? 0 : SERIES_YEARS - 1) + i),
  );
  const answer = await matrixFor(pair, years[0]!, [c.origin, c.destination], years.at(-1));
  const series = years.map((y) => ({ year: y, cell: buildMatrix(pair, y, answer).cells.find((x) => x.origin === c.origin)! }));
  const complete = (s: SideFigure | null) => (s?.completeness == null ? ':' : `${Math.round(s.completeness * 100)} %`);
  return h(
    'section',
    { class: 'bilateral-series', 'aria-labelledby': 'series-title' },
    h('h3', { id: 'series-title', tabindex: -1 }, `${c.origin} → ${c.destination}, ${years[0]}–${years.at(-1)}`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'report-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('bil.year')),
            h('th', { scope: 'col' }, t('bil.reports', { iso3: c.origin })),
            h('th', { scope: 'col' }, t('bil.complete')),
            h('th', { scope: 'col' }, t('bil.reports', { iso3: c.destination })),
            h('th', { scope: 'col' }, t('bil.complete')),
            h('th', { scope: 'col' }, t('bil.differenceHead')),
            servesThirdOpinion(pair) ? h('th', { scope: 'col' }, pair.thirdOpinion) : null,
          ),
        ),
        h(
          'tbody',
          {},
          ...series.map(({ year, cell }) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, year),
              h(
                'td',
                { class: 'cell' },
                pair.origin
                  ? show(cell.originSide?.value ?? null) + (cell.originSide?.flags.join('') ? ` ${cell.originSide.flags.join('')}` : '')
                  : '—',
              ),
              h('td', { class: 'cell' }, pair.origin ? complete(cell.originSide) : '—'),
              h(
                'td',
                { class: 'cell' },
                show(cell.destinationSide.value) + (cell.destinationSide.flags.join('') ? ` ${cell.destinationSide.flags.join('')}` : ''),
              ),
              h('td', { class: 'cell' }, complete(cell.destinationSide)),
              h(
                'td',
                { class: 'cell' },
                cell.difference === null ? ':' : `${cell.difference > 0 ? '+' : ''}${formatValue(cell.difference)}`,
              ),
              servesThirdOpinion(pair) ? h('td', { class: 'cell', title: missingText(pair, cell) || null }, show(cell.thirdOpinion)) : null,
            ),
          ),
        ),
      ),
    ),
    c.notes.length > 0 ? h('ul', { class: 'report-notes' }, ...c.notes.map((n) => h('li', {}, n))) : null,
  );
}

function controls(pairs: MirrorPairDef[], params: BilateralParams, go: (p: BilateralParams) => void): HTMLElement {
  const pairSelect = h(
    'select',
    { id: 'bilateral-pair' },
    ...pairs.map((p) => h('option', { value: p.id, selected: p.id === params.pair }, p.name)),
  );
  const period = h('input', { type: 'text', id: 'bilateral-period', value: params.period, inputmode: 'numeric', size: 6 });
  return h(
    'form',
    {
      class: 'report-form bilateral-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        go({ ...params, pair: pairSelect.value, period: period.value.trim(), origin: '', destination: '' });
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'bilateral-pair' }, t('bil.pair')), pairSelect),
    h('div', { class: 'field' }, h('label', { for: 'bilateral-period' }, t('bil.year')), period),
    h('button', { type: 'submit', class: 'primary' }, t('bil.show')),
  );
}

/**
 * The whole view into `content`. `go` changes the URL (a permalink for every state) and shows
 * the view again.
 */
export async function renderBilateral(
  content: HTMLElement,
  params: BilateralParams,
  region: Member[],
  go: (p: BilateralParams) => void,
): Promise<void> {
  document.title = t('bil.title');
  const { data } = await query<{ mirrorPairs: MirrorPairDef[]; countryType: { fields: { name: string }[] } | null }>(MIRROR_PAIRS_QUERY);
  const pairs = (data?.mirrorPairs ?? []).map((p) => pairInGraph(p, data?.countryType));
  const pair = pairs.find((p) => p.id === params.pair);
  if (!pair) throw new ReportError(t('bil.noPair', { pair: params.pair, list: pairs.map((p) => p.id).join(', ') || t('bil.none') }));
  const members = params.members ?? region.map((m) => m.iso3);
  let answer: MatrixAnswer;
  try {
    answer = await matrixFor(pair, params.period, members);
  } catch (err) {
    if (err instanceof ReportError) throw err;
    throw new ReportError((err as Error).message);
  }
  const matrix = buildMatrix(pair, params.period, answer);
  const picked = matrix.cells.find((c) => c.origin === params.origin && c.destination === params.destination);
  const down = matrix.members.filter((m) => m.status === 'UNAVAILABLE');
  const name = `bilateral-${pair.id}-${params.period}`;
  content.replaceChildren(
    h(
      'section',
      { class: 'bilateral' },
      h('h2', { id: 'bilateral-title', tabindex: -1 }, `${pair.name}, ${params.period}`),
      controls(pairs, params, go),
      h(
        'p',
        { class: 'hint' },
        pair.origin
          ? t('bil.rowsOrigin', {
              originIndicator: pair.origin.indicator.code,
              originDimension: pair.origin.partnerDimension,
              destinationIndicator: pair.destination.indicator.code,
              destinationDimension: pair.destination.partnerDimension,
            })
          : t('bil.columnsAsylum', {
              destinationIndicator: pair.destination.indicator.code,
              destinationDimension: pair.destination.partnerDimension,
              third: pair.thirdOpinion ?? '',
            }),
      ),
      down.length > 0
        ? h('p', { class: 'notice', role: 'note' }, t('bil.downList', { list: down.map((m) => `${m.iso3} (${m.reason})`).join('; ') }))
        : null,
      matrix.thirdOpinionSource
        ? h('p', { class: 'hint' }, t('bil.thirdSource', { third: pair.thirdOpinion ?? '', source: matrix.thirdOpinionSource }))
        : null,
      heatMap(matrix, (c) => go({ ...params, origin: c.origin, destination: c.destination })),
      legend(matrix),
      h(
        'p',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', onclick: () => download(`${name}.csv`, new Blob([matrixCsv(matrix)], { type: 'text/csv' })) },
          t('report.csv'),
        ),
        h(
          'button',
          {
            type: 'button',
            // Both sides' series as published, month by month: asked when wanted, the matrix needs only sums.
            onclick: async () => {
              const published = await matrixFor(pair, params.period, members, params.period, false);
              download(`${name}-sdmx.csv`, new Blob([matrixSdmxCsv(matrix, published)], { type: 'text/csv' }));
            },
          },
          t('bil.sdmxCsv'),
        ),
        h('a', { href: `./${bilateralSearch(params)}`, class: 'permalink' }, t('bil.permalink')),
      ),
      picked ? await drillDown(pair, picked, params.period) : null,
    ),
  );
}
