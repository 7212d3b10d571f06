// A breakdown kept in the chart: small multiples over time (one panel per member, a line per code)
// and stacked bars for one period (one bar per member, split by code). Each panel has its own
// scale, so a small member's breakdown reads as well as a large one's.
import { type Chart, timeGaps } from './chart-data.js';
import { colorAt, formatCompact, niceTicks } from './chart-scale.js';
import { s } from './dom.js';
import { formatValue } from './flags.js';
import { t } from './i18n.js';

const W = 760;
type Part = { body: SVGElement[]; height: number; summary: string };

export function multiplesBody(chart: Extract<Chart, { kind: 'multiples' }>, unit: string): Part {
  const columns = chart.panels.length > 1 ? 2 : 1;
  const panelW = (W - 20) / columns;
  const panelH = 170;
  const m = { left: 48, right: 12, top: 22, bottom: 22 };
  const top = 24;
  const w = panelW - m.left - m.right;
  const h = panelH - m.top - m.bottom;
  const joined = timeGaps(chart.periods, chart.times);
  const x = (i: number) => {
    if (chart.periods.length < 2) return w / 2;
    const t = chart.times ?? chart.periods.map((_, k) => k);
    return ((t[i]! - t[0]!) / (t.at(-1)! - t[0]!)) * w;
  };
  const body: SVGElement[] = [
    s('text', { x: 10, y: 16, 'font-size': 12, fill: '#333' }, `${unit.toLowerCase()} by ${chart.dimension.toLowerCase()}`),
  ];
  chart.panels.forEach((panel, p) => {
    const ox = 10 + (p % columns) * panelW + m.left;
    const oy = top + Math.floor(p / columns) * panelH + m.top;
    const values = panel.series.flatMap((x) => x.values.filter((v): v is number => v !== null));
    const ticks = niceTicks(Math.max(0, ...values), 3);
    const hi = ticks.at(-1)!;
    const y = (v: number) => oy + h - (v / hi) * h;
    const g = s('g', { 'data-member': panel.key });
    g.append(s('text', { x: ox, y: oy - 8, 'font-size': 12, 'font-weight': 600, fill: '#222' }, panel.label));
    for (const t of ticks) {
      g.append(s('line', { x1: ox, x2: ox + w, y1: y(t), y2: y(t), stroke: '#ddd' }));
      g.append(s('text', { x: ox - 4, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#333' }, formatCompact(t)));
    }
    const edges = chart.periods.length > 1 ? [0, chart.periods.length - 1] : [0];
    for (const i of edges)
      g.append(s('text', { x: ox + x(i), y: oy + h + 14, 'text-anchor': 'middle', 'font-size': 10, fill: '#333' }, chart.periods[i]!));
    panel.series.forEach((series) => {
      const color = colorAt(chart.codes.findIndex((c) => c.id === series.key));
      const d = series.values
        .map((v, i) => {
          if (v === null) return '';
          const prev = series.values[i - 1];
          return `${i > 0 && prev != null && joined[i] ? 'L' : 'M'}${(ox + x(i)).toFixed(1)},${y(v).toFixed(1)}`;
        })
        .join('');
      g.append(
        s(
          'path',
          { d, fill: 'none', stroke: color, 'stroke-width': 2, 'data-series': series.key },
          s('title', {}, `${panel.label}, ${series.label}`),
        ),
      );
      series.values.forEach((v, i) => {
        if (v !== null)
          g.append(
            s(
              'circle',
              { cx: ox + x(i), cy: y(v), r: 2.5, fill: color },
              s('title', {}, `${panel.label}, ${series.label}, ${chart.periods[i]}: ${formatValue(v)}`),
            ),
          );
      });
    });
    body.push(g);
  });
  const height = top + Math.ceil(chart.panels.length / columns) * panelH;
  const summary = t('chart.multiples', {
    dimension: chart.dimension,
    n: chart.panels.length,
    codes: chart.codes.map((c) => c.name).join(', '),
    from: chart.periods[0] ?? '',
    to: chart.periods.at(-1) ?? '',
  });
  return { body, height, summary };
}

export function stackedBody(chart: Extract<Chart, { kind: 'stacked' }>, unit: string): Part {
  const left = 170;
  const row = 26;
  const top = 28;
  const width = W - left - 90;
  const totals = chart.rows.map((r) => r.parts.reduce((a, b) => a + b, 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const max = ticks.at(-1)!;
  const height = top + chart.rows.length * row + 24;
  const body: SVGElement[] = [
    s(
      'text',
      { x: left, y: 16, 'font-size': 12, fill: '#333' },
      `${chart.period}, ${unit.toLowerCase()} by ${chart.dimension.toLowerCase()}`,
    ),
  ];
  for (const t of ticks) {
    const x = left + (t / max) * width;
    body.push(s('line', { x1: x, x2: x, y1: top, y2: height - 20, stroke: '#ddd' }));
    body.push(s('text', { x, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#333' }, formatCompact(t)));
  }
  chart.rows.forEach((r, i) => {
    const y = top + i * row;
    body.push(s('text', { x: left - 8, y: y + row / 2 + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#222' }, r.label));
    let x = left;
    r.parts.forEach((part, k) => {
      const w = (part / max) * width;
      body.push(
        s(
          'rect',
          { x, y: y + 4, width: w, height: row - 8, fill: colorAt(k), 'data-series': chart.codes[k]?.id ?? '' },
          s('title', {}, `${r.label}, ${chart.codes[k]?.name ?? ''}: ${formatValue(part)}`),
        ),
      );
      x += w;
    });
    body.push(s('text', { x: x + 6, y: y + row / 2 + 4, 'font-size': 12, fill: '#222' }, formatValue(totals[i]!)));
  });
  const summary = t('chart.stacked', {
    dimension: chart.dimension,
    period: chart.period,
    n: chart.rows.length,
    codes: chart.codes.map((c) => c.name).join(', '),
  });
  return { body, height, summary };
}
