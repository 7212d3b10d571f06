// Bars for one period, and shares of a breakdown (100 % stacked bars), one bar per member.
import type { Chart } from './chart-data.js';
import { colorAt, formatCompact, niceTicks } from './chart-scale.js';
import { s } from './dom.js';
import { formatValue } from './flags.js';
import { t } from './i18n.js';

const W = 760;
const ROW = 26;
const LEFT = 170;

type Part = { body: SVGElement[]; height: number; summary: string };

function label(y: number, text: string): SVGElement {
  const short = text.length > 24 ? `${text.slice(0, 23)}…` : text;
  return s('text', { x: LEFT - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#222' }, s('title', {}, text), short);
}

export function barsBody(chart: Extract<Chart, { kind: 'bars' }>, unit: string): Part {
  const top = 28;
  const width = W - LEFT - 90;
  const ticks = niceTicks(Math.max(0, ...chart.bars.map((b) => b.value)));
  const max = ticks[ticks.length - 1]!;
  const height = top + chart.bars.length * ROW + 24;
  const body: SVGElement[] = [s('text', { x: LEFT, y: 16, 'font-size': 12, fill: '#333' }, `${chart.period}, ${unit.toLowerCase()}`)];
  for (const t of ticks) {
    const x = LEFT + (t / max) * width;
    body.push(s('line', { x1: x, x2: x, y1: top, y2: height - 20, stroke: '#ddd' }));
    body.push(s('text', { x, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#333' }, formatCompact(t)));
  }
  chart.bars.forEach((bar, i) => {
    const y = top + i * ROW;
    const w = (bar.value / max) * width;
    body.push(label(y, bar.label));
    body.push(
      s(
        'rect',
        { x: LEFT, y: y + 4, width: Math.max(w, 1), height: ROW - 8, fill: '#1b6ca8' },
        s('title', {}, `${bar.label}: ${formatValue(bar.value)}`),
      ),
    );
    body.push(s('text', { x: LEFT + w + 6, y: y + ROW / 2 + 4, 'font-size': 12, fill: '#222' }, formatValue(bar.value)));
  });
  const first = chart.bars[0];
  const summary =
    t('chart.bars', { period: chart.period, n: chart.bars.length }) +
    (first ? t('chart.largest', { label: first.label, value: formatValue(first.value) }) : '');
  return { body, height, summary };
}

export function sharesBody(chart: Extract<Chart, { kind: 'shares' }>): Part {
  const top = 28;
  const width = W - LEFT - 20;
  const height = top + chart.rows.length * ROW + 8;
  const body: SVGElement[] = [
    s(
      'text',
      { x: LEFT, y: 16, 'font-size': 12, fill: '#333' },
      t('chart.sharesTitle', { dimension: chart.dimension.toLowerCase(), period: chart.period }),
    ),
  ];
  chart.rows.forEach((row, i) => {
    const y = top + i * ROW;
    const total = row.parts.reduce((a, b) => a + b, 0);
    body.push(label(y, row.label));
    let x = LEFT;
    row.parts.forEach((part, k) => {
      const w = total > 0 ? (part / total) * width : 0;
      const pct = total > 0 ? Math.round((part / total) * 100) : 0;
      const name = chart.codes[k]?.name ?? '';
      body.push(
        s(
          'rect',
          { x, y: y + 4, width: w, height: ROW - 8, fill: colorAt(k) },
          s('title', {}, `${row.label}, ${name}: ${formatValue(part)} (${pct} %)`),
        ),
      );
      if (w > 34)
        body.push(s('text', { x: x + w / 2, y: y + ROW / 2 + 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#fff' }, `${pct}%`));
      x += w;
    });
  });
  const summary = t('chart.shares', {
    dimension: chart.dimension,
    period: chart.period,
    n: chart.rows.length,
    codes: chart.codes.map((c) => c.name).join(', '),
  });
  return { body, height, summary };
}
