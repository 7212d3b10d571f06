// The "Bilateral" view: a mirror pair's origin–destination matrix as a heat map of asymmetry
// (members × members), a drill-down for one pair as a time series of both sides with their
// completeness, a permalink and downloads. The matrix itself is built in bilateral-matrix.ts.
// `?view=bilateral&pair=LONG_TERM_MIGRATION&period=2023&members=KAZ,KGZ&origin=KAZ&destination=KGZ`
import {
  type BilateralMatrix,
  buildMatrix,
  type MatrixAnswer,
  type MatrixCell,
  MIRROR_PAIRS_QUERY,
  pairInGraph,
  servesThirdOpinion,
  type MirrorPairDef,
  matrixCsv,
  matrixQuery,
  matrixSdmxCsv,
  matrixVariables,
  type SideFigure,
} from './bilateral-matrix.js';
import { download, h } from './dom.js';
import { lang, t } from './i18n.js';
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

/**
 * Classes of a purple–orange diverging scale (ColorBrewer PuOr, 7 classes, the `.heat-N` rules of
 * reports.css): told apart with every common colour-vision deficiency. Orange: the destination
 * counts fewer; purple: it counts more.
 */
const PALETTE = Array.from({ length: 7 }, (_, i) => `heat-${i}`);
const BOUNDS = [-1, -0.5, -0.15, 0.15, 0.5, 1] as const;
/** The legend's class bounds, written as the page's language writes decimals. */
const bound = (v: number) => new Intl.NumberFormat(lang(), { maximumFractionDigits: 2 }).format(v);
const legendText = () => [
  t('bil.legend0'),
  `−1 … −${bound(0.5)}`,
  `−${bound(0.5)} … −${bound(0.15)}`,
  t('bil.legend3'),
  `${bound(0.15)} … ${bound(0.5)}`,
  `${bound(0.5)} … 1`,
  t('bil.legend6'),
];

/** The class of the palette's colour for an asymmetry (`heat-0` … `heat-6`; reports.css holds the colours, as the page allows no inline styles). */
export function colourClass(asymmetry: number): string {
  const i = BOUNDS.findIndex((b) => asymmetry < b);
  return PALETTE[i === -1 ? PALETTE.length - 1 : i]!;
}

const show = (v: number | null) => (v === null ? ':' : formatValue(v));

function sideText(label: string, side: SideFigure | null): string {
  if (!side) return t('bil.noFigure', { label });
  if (side.status === 'UNAVAILABLE') return t('bil.notAvailable', { label, reason: side.reason ?? t('bil.noAnswer') });
  if (side.status === 'NOT_PUBLISHED') return t('bil.notPublished', { label });
  const flags = side.flags.length > 0 ? ` ${side.flags.join('')}` : '';
  const complete =
    side.completeness !== null && side.completeness < 1 ? t('bil.ofPeriod', { pct: Math.round(side.completeness * 100) }) : '';
  return `${label}: ${show(side.value)}${flags}${complete}`;
}

/** Why a cell has no third opinion, in the page's language (empty when it has one or cannot tell). */
function missingText(pair: MirrorPairDef, c: MatrixCell, before = '', after = ''): string {
  const m = c.thirdOpinionMissing;
  if (!m) return '';
  const text = t(`bil.third.${m.why}`, { third: pair.thirdOpinion ?? '', year: m.year ?? '', years: m.years?.join(', ') ?? '' });
  return `${before}${text}${after}`;
}

/** Everything a cell says, read out on focus and shown on hover. */
export function describeCell(m: BilateralMatrix, c: MatrixCell): string {
  const parts = [
    `${c.origin} → ${c.destination}`,
    sideText(t('bil.reports', { iso3: c.origin }), c.originSide),
    sideText(t('bil.reports', { iso3: c.destination }), c.destinationSide),
    c.difference === null ? null : t('bil.difference', { value: `${c.difference > 0 ? '+' : ''}${formatValue(c.difference)}` }),
    c.ratio === null ? null : t('bil.ratio', { value: c.ratio.toFixed(2) }),
    servesThirdOpinion(m.pair) ? `${m.pair.thirdOpinion}: ${show(c.thirdOpinion)}${missingText(m.pair, c, ' (', ')')}` : null,
    ...c.notes,
  ];
  return parts.filter(Boolean).join('; ');
}

function cellLabel(m: BilateralMatrix, c: MatrixCell): string {
  if (c.originSide?.status === 'UNAVAILABLE' || c.destinationSide.status === 'UNAVAILABLE') return t('bil.na');
  if (c.ratio !== null) return `×${c.ratio.toFixed(2)}`;
  if (!m.pair.origin) return show(c.destinationSide.value);
  return ':';
}

/** What the asymmetry colour compares: the two sides, or (without an origin side) the member against the third opinion. */
function asymmetryOf(c: MatrixCell): number | null {
  if (c.asymmetry !== null) return c.asymmetry;
  const [d, t] = [c.destinationSide.value, c.thirdOpinion];
  return d !== null && t !== null && d + t > 0 ? (d - t) / ((d + t) / 2) : null;
}

function heatMap(m: BilateralMatrix, onPick: (c: MatrixCell) => void): HTMLElement {
  const detail = h('p', { class: 'bilateral-detail', id: 'bilateral-detail', 'aria-live': 'polite' }, t('bil.hint'));
  const byPair = new Map(m.cells.map((c) => [`${c.origin}>${c.destination}`, c]));
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'origin ↓ / destination →'),
    ...m.members.map((d) =>
      h('th', { scope: 'col', class: d.status === 'UNAVAILABLE' ? 'unavailable' : null, title: d.reason ?? d.name }, d.iso3),
    ),
  );
  const rows = m.members.map((o) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', class: o.status === 'UNAVAILABLE' ? 'unavailable' : null, title: o.reason ?? o.name }, o.iso3),
      ...m.members.map((d) => {
        if (o.iso3 === d.iso3) return h('td', { class: 'diagonal', 'aria-label': `${o.iso3} itself` }, '—');
        const c = byPair.get(`${o.iso3}>${d.iso3}`)!;
        const text = describeCell(m, c);
        const a = asymmetryOf(c);
        const down = cellLabel(m, c) === 'n/a';
        const say = () => {
          detail.textContent = text;
        };
        return h(
          'td',
          {
            class: `heat ${down ? 'unavailable' : a === null ? 'no-colour' : colourClass(a)}`,
            tabindex: 0,
            role: 'button',
            title: text,
            'aria-label': text,
            'data-origin': c.origin,
            'data-destination': c.destination,
            onmouseenter: say,
            onfocus: say,
            onclick: () => onPick(c),
            onkeydown: (e: Event) => {
              const key = (e as KeyboardEvent).key;
              if (key === 'Enter' || key === ' ') {
                e.preventDefault();
                onPick(c);
              }
            },
          },
          cellLabel(m, c),
        );
      }),
    ),
  );
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'table-scroll', role: 'region', 'aria-labelledby': 'bilateral-title', tabindex: -1 },
      h(
        'table',
        { class: 'heatmap' },
        h('caption', {}, t('bil.caption', { period: m.period })),
        h('thead', {}, head),
        h('tbody', {}, ...rows),
      ),
    ),
    detail,
  );
}

function legend(m: BilateralMatrix): HTMLElement {
  const what = m.pair.origin ? t('bil.asymPair') : t('bil.asymThird', { third: m.pair.thirdOpinion ?? '' });
  return h(
    'div',
    { class: 'bilateral-legend', role: 'group', 'aria-label': t('bil.legend') },
    h('p', {}, t('bil.legendText', { what, cells: m.pair.origin ? t('bil.cellsRatio') : t('bil.cellsFigure') })),
    h(
      'ul',
      {},
      ...PALETTE.map((colour, i) => h('li', {}, h('span', { class: `swatch ${colour}`, 'aria-hidden': 'true' }), legendText()[i]!)),
      h('li', {}, h('span', { class: 'swatch unavailable', 'aria-hidden': 'true' }), t('bil.down')),
    ),
  );
}

/** The matrix's answer; `summed`: each member sums a flow's months into the periods shown (see matrixVariables). */
async function matrixFor(pair: MirrorPairDef, period: string, members: string[], to = period, summed = true) {
  const result = await query<NonNullable<MatrixAnswer['data']>>(matrixQuery(pair), matrixVariables(pair, period, members, to, summed));
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
