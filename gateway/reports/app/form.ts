// The report form: every control labelled, in reading order, usable with the keyboard alone.
import { h } from './dom.js';
import type { ChartKind, ColumnLayout, ReportParams } from './params.js';
import type { IndicatorDef, Member, Region } from './types.js';

export interface FormHandle {
  element: HTMLFormElement;
  fill(params: ReportParams): void;
  /** Sets the period range to what the members have published for the indicator (when known). */
  suggestRange(): void;
}

export interface FormOptions {
  region: Region;
  members: Member[];
  indicators: IndicatorDef[];
  /** Offer "As published on" (the graph has `observations(asOf:)`). */
  asOf: boolean;
  rangeFor: (indicator: IndicatorDef) => { from: string; to: string } | null;
  onSubmit: (params: ReportParams) => void;
}

function select(id: string, label: string, options: [string, string][]): [HTMLElement, HTMLSelectElement] {
  const el = h('select', { id, name: id }, ...options.map(([value, text]) => h('option', { value }, text)));
  return [h('div', { class: 'field' }, h('label', { for: id }, label), el), el];
}

function input(id: string, label: string): [HTMLElement, HTMLInputElement] {
  const el = h('input', {
    id,
    name: id,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    size: 8,
    'aria-describedby': 'period-hint',
  });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), el), el];
}

export function renderForm(o: FormOptions): FormHandle {
  const [indicatorField, indicator] = select(
    'indicator',
    'Indicator',
    o.indicators.map((i) => [i.code, i.name]),
  );
  const [fromField, from] = input('from', 'From');
  const [toField, to] = input('to', 'To');
  const asOf = h('input', { id: 'asof', name: 'asof', type: 'date', 'aria-describedby': 'asof-hint' });
  const asOfField = o.asOf ? h('div', { class: 'field' }, h('label', { for: 'asof' }, 'As published on'), asOf) : null;
  const [by1Field, by1] = select('by1', 'Breakdown', []);
  const [by2Field, by2] = select('by2', 'Second breakdown', []);
  const [columnsField, columns] = select('columns', 'Columns', [
    ['periods', 'Periods'],
    ['breakdown', 'Codes of the first breakdown'],
  ]);
  const [chartField, chart] = select('chart', 'Chart', [
    ['auto', 'Automatic'],
    ['lines', 'Lines over time'],
    ['bars', 'Bars for one period'],
    ['shares', 'Shares of the breakdown'],
  ]);
  const boxes = o.members.map((m) =>
    h('input', { type: 'checkbox', name: 'member', value: m.iso3, id: `member-${m.iso3}`, checked: true }),
  );
  const error = h('p', { class: 'form-error', role: 'alert' });
  const current = () => o.indicators.find((i) => i.code === indicator.value) ?? o.indicators[0]!;
  const refreshBreakdowns = () => {
    const dims: [string, string][] = [['', 'None'], ...current().dimensions.map((d): [string, string] => [d.id, d.name])];
    for (const el of [by1, by2]) {
      const kept = el.value;
      el.replaceChildren(...dims.map(([value, text]) => h('option', { value }, text)));
      el.value = dims.some(([v]) => v === kept) ? kept : '';
    }
  };
  const setAll = (checked: boolean) => {
    for (const b of boxes) b.checked = checked;
  };
  const membersField = h(
    'fieldset',
    { class: 'members' },
    h('legend', {}, 'Members'),
    h('div', { class: 'member-list' }, ...o.members.map((m, i) => h('label', { for: boxes[i]!.id }, boxes[i]!, ` ${m.name}`))),
    h(
      'div',
      { class: 'member-actions' },
      h('button', { type: 'button', onclick: () => setAll(true) }, 'All'),
      h('button', { type: 'button', onclick: () => setAll(false) }, 'None'),
    ),
  );
  const element = h(
    'form',
    { class: 'report-form', 'aria-labelledby': 'form-title', novalidate: true },
    h('h2', { id: 'form-title' }, 'Build a report'),
    h(
      'p',
      { class: 'region' },
      'Region: ',
      h('strong', {}, o.region.name),
      ` (${o.region.id.toUpperCase()}). This gateway serves one region.`,
    ),
    h('div', { class: 'row' }, indicatorField, fromField, toField, asOfField),
    h('p', { id: 'period-hint', class: 'hint' }, 'Periods: 2019, 2019-Q1 or 2019-01; from and to are included.'),
    asOfField
      ? h(
          'p',
          { id: 'asof-hint', class: 'hint' },
          'As published on: leave empty for the figures published now; a date reproduces what was cited then.',
        )
      : null,
    membersField,
    h('div', { class: 'row' }, by1Field, by2Field, columnsField, chartField),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Show report'),
  );
  const fill = (p: ReportParams) => {
    indicator.value = p.indicator;
    refreshBreakdowns();
    from.value = p.from;
    to.value = p.to;
    for (const b of boxes) b.checked = !p.members || p.members.includes(b.value);
    by1.value = p.by[0] ?? '';
    by2.value = p.by[1] ?? '';
    columns.value = p.columns;
    chart.value = p.chart;
    asOf.value = p.asOf;
  };
  const suggestRange = () => {
    const range = o.rangeFor(current());
    if (range) [from.value, to.value] = [range.from, range.to];
  };
  indicator.addEventListener('change', () => {
    refreshBreakdowns();
    suggestRange();
  });
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    if (checked.length === 0) {
      error.textContent = 'Choose at least one member.';
      return;
    }
    error.textContent = '';
    const by = [...new Set([by1.value, by2.value].filter(Boolean))];
    o.onSubmit({
      indicator: indicator.value,
      members: checked.length === boxes.length ? null : checked,
      from: from.value.trim(),
      to: to.value.trim(),
      by,
      columns: by.length > 0 ? (columns.value as ColumnLayout) : 'periods',
      chart: chart.value as ChartKind,
      asOf: o.asOf ? asOf.value : '',
    });
  });
  refreshBreakdowns();
  return { element, fill, suggestRange };
}
