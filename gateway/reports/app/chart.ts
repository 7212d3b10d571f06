// The report's chart as self-contained SVG: presentation attributes rather than CSS, a white
// background and a system font, so the SVG and PNG downloads look the same as the page.
import { barsBody, sharesBody } from './chart-bars.js';
import { type Chart, timeGaps } from './chart-data.js';
import { multiplesBody, stackedBody } from './chart-multiples.js';
import { colorAt, formatCompact, logTicks, niceTicks, spread, wantsLogScale } from './chart-scale.js';
import { s } from './dom.js';
import { formatValue } from './flags.js';
import { t as say, tOr } from './i18n.js';

export const WIDTH = 760;
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

function linesBody(chart: Extract<Chart, { kind: 'lines' }>, unit: string): { body: SVGElement[]; height: number; summary: string } {
  const height = 380;
  const m = { left: 64, right: 56, top: 28, bottom: 36 };
  const w = WIDTH - m.left - m.right;
  const h = height - m.top - m.bottom;
  const values = chart.series.flatMap((x) => x.values.filter((v): v is number => v !== null));
  const log = wantsLogScale(values);
  const positive = values.filter((v) => v > 0);
  const ticks = log ? logTicks(Math.min(...positive), Math.max(...positive)) : niceTicks(Math.max(0, ...values));
  const [lo, hi] = [ticks[0]!, ticks[ticks.length - 1]!];
  // Periods sit where they are in time: a census's years far apart are drawn far apart.
  const t = chart.times ?? chart.periods.map((_, i) => i);
  const x = (i: number) => m.left + (chart.periods.length > 1 ? ((t[i]! - t[0]!) * w) / (t.at(-1)! - t[0]!) : w / 2);
  const joined = timeGaps(chart.periods, chart.times);
  const y = (v: number) => m.top + h - (log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : v / hi) * h;
  // On a log axis a zero has no place: it is left out like a missing figure (the table has it).
  const plotted = (v: number | null): v is number => v !== null && (!log || v > 0);
  const body: SVGElement[] = [
    s('text', { x: m.left, y: 16, 'font-size': 12, fill: '#333' }, `${unit.toLowerCase()}${log ? say('chart.logAxis') : ''}`),
  ];
  for (const t of ticks) {
    body.push(s('line', { x1: m.left, x2: m.left + w, y1: y(t), y2: y(t), stroke: '#ddd' }));
    body.push(s('text', { x: m.left - 6, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#333' }, formatCompact(t)));
  }
  const every = Math.ceil(chart.periods.length / 12);
  chart.periods.forEach((p, i) => {
    if (i % every === 0) body.push(s('text', { x: x(i), y: height - 14, 'text-anchor': 'middle', 'font-size': 12, fill: '#333' }, p));
  });
  const ends: { y: number; label: string; color: string }[] = [];
  chart.series.forEach((series, k) => {
    const color = colorAt(k);
    // A gap in the data breaks the line rather than bridging it.
    const d = series.values
      .map((v, i) =>
        !plotted(v)
          ? ''
          : `${i > 0 && joined[i] && plotted(series.values[i - 1] ?? null) ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`,
      )
      .join('');
    body.push(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 2, 'data-series': series.key }, s('title', {}, series.label)));
    series.values.forEach((v, i) => {
      if (plotted(v))
        body.push(
          s(
            'circle',
            { cx: x(i), cy: y(v), r: 2.5, fill: color },
            s('title', {}, `${series.label}, ${chart.periods[i]}: ${formatValue(v)}`),
          ),
        );
    });
    const last = series.values.findLastIndex(plotted);
    if (last >= 0) ends.push({ y: y(series.values[last]!), label: series.key, color });
  });
  const placed = spread(
    ends.map((e) => e.y),
    12,
    m.top,
    m.top + h + 8,
  );
  ends.forEach((e, i) => {
    body.push(s('text', { x: m.left + w + 6, y: placed[i]! + 4, 'font-size': 11, fill: e.color, 'font-weight': 600 }, e.label));
  });
  const lastPeriod = chart.periods[chart.periods.length - 1];
  const best = chart.series
    .map((x) => ({ label: x.label, v: x.values[x.values.length - 1] ?? null }))
    .filter((x) => x.v !== null)
    .sort((a, b) => b.v! - a.v!)[0];
  const summary =
    say('chart.lines', { log: log ? say('chart.log') : '', n: chart.series.length, from: chart.periods[0] ?? '', to: lastPeriod ?? '' }) +
    (best ? say('chart.highest', { period: lastPeriod ?? '', label: best.label, value: formatValue(best.v!) }) : '');
  return { body, height, summary };
}

/** Legend rows of coloured swatches under the plot. */
function legend(items: { label: string; color: string }[], top: number): { nodes: SVGElement[]; height: number } {
  const perRow = 4;
  const colWidth = (WIDTH - 20) / perRow;
  const nodes = items.map((item, i) => {
    const x = 10 + (i % perRow) * colWidth;
    const y = top + Math.floor(i / perRow) * 18;
    return s(
      'g',
      {},
      s('rect', { x, y, width: 12, height: 12, fill: item.color }),
      s('text', { x: x + 18, y: y + 10, 'font-size': 12, fill: '#222' }, item.label),
    );
  });
  return { nodes, height: Math.ceil(items.length / perRow) * 18 + 8 };
}

/** The chart as an `<svg>` with a title and a text summary for screen readers. */
export function renderChart(chart: Chart, title: string, catalogUnit: string): SVGSVGElement {
  // The catalog's unit in the page's language (`persons`, `человек`, `personas`).
  const unit = tOr(`unit.${catalogUnit}`, catalogUnit.toLowerCase());
  const part =
    chart.kind === 'lines'
      ? linesBody(chart, unit)
      : chart.kind === 'bars'
        ? barsBody(chart, unit)
        : chart.kind === 'multiples'
          ? multiplesBody(chart, unit)
          : chart.kind === 'stacked'
            ? stackedBody(chart, unit)
            : sharesBody(chart);
  const items =
    chart.kind === 'lines'
      ? chart.series.map((x, i) => ({ label: `${x.label} (${x.key})`, color: colorAt(i) }))
      : chart.kind === 'shares' || chart.kind === 'multiples' || chart.kind === 'stacked'
        ? chart.codes.map((c, i) => ({ label: c.name, color: colorAt(i) }))
        : [];
  const key = legend(items, part.height + 4);
  const height = part.height + (items.length > 0 ? key.height : 0);
  return s(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      'font-family': FONT,
    },
    s('title', { id: 'chart-title' }, title),
    s('desc', { id: 'chart-desc' }, part.summary),
    s('rect', { x: 0, y: 0, width: WIDTH, height, fill: '#fff' }),
    ...part.body,
    ...key.nodes,
  );
}
