// The Bilateral view's heat map of asymmetry (members × members) with its legend, and the words
// that describe a cell (its title, its screen-reader label, why a figure is missing).
import type { BilateralMatrix, MatrixCell, MirrorPairDef, SideFigure } from './bilateral-matrix.js';
import { servesThirdOpinion } from './bilateral-third-opinion.js';
import { h } from './dom.js';
import { formatValue } from './flags.js';
import { lang, t } from './i18n.js';

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

export const show = (v: number | null) => (v === null ? ':' : formatValue(v));

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
export function missingText(pair: MirrorPairDef, c: MatrixCell, before = '', after = ''): string {
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

export function heatMap(m: BilateralMatrix, onPick: (c: MatrixCell) => void): HTMLElement {
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

export function legend(m: BilateralMatrix): HTMLElement {
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
