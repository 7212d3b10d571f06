// The report form: every control labelled, in reading order, usable with the keyboard alone.
import { h } from './dom.js';
import { lang, t } from './i18n.js';
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
    t('form.indicator'),
    o.indicators.map((i) => [i.code, i.name]),
  );
  const [fromField, from] = input('from', t('form.from'));
  const [toField, to] = input('to', t('form.to'));
  const asOf = h('input', { id: 'asof', name: 'asof', type: 'date', 'aria-describedby': 'asof-hint' });
  const asOfField = o.asOf ? h('div', { class: 'field' }, h('label', { for: 'asof' }, t('form.asOf')), asOf) : null;
  const [by1Field, by1] = select('by1', t('form.by1'), []);
  const [by2Field, by2] = select('by2', t('form.by2'), []);
  const [columnsField, columns] = select('columns', t('form.columns'), [
    ['periods', t('form.columns.periods')],
    ['breakdown', t('form.columns.breakdown')],
  ]);
  const [chartField, chart] = select('chart', t('form.chart'), [
    ['auto', t('form.chart.auto')],
    ['lines', t('form.chart.lines')],
    ['bars', t('form.chart.bars')],
    ['shares', t('form.chart.shares')],
  ]);
  const boxes = o.members.map((m) =>
    h('input', { type: 'checkbox', name: 'member', value: m.iso3, id: `member-${m.iso3}`, checked: true }),
  );
  const error = h('p', { class: 'form-error', role: 'alert' });
  const current = () => o.indicators.find((i) => i.code === indicator.value) ?? o.indicators[0]!;
  const refreshBreakdowns = () => {
    const dims: [string, string][] = [['', t('form.none')], ...current().dimensions.map((d): [string, string] => [d.id, d.name])];
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
    h('legend', {}, t('form.members')),
    h('div', { class: 'member-list' }, ...o.members.map((m, i) => h('label', { for: boxes[i]!.id }, boxes[i]!, ` ${m.name}`))),
    h(
      'div',
      { class: 'member-actions' },
      h('button', { type: 'button', onclick: () => setAll(true) }, t('form.all')),
      h('button', { type: 'button', onclick: () => setAll(false) }, t('form.none')),
    ),
  );
  const element = h(
    'form',
    { class: 'report-form', 'aria-labelledby': 'form-title', novalidate: true },
    h('h2', { id: 'form-title' }, t('form.title')),
    h('p', { class: 'region' }, t('form.region'), h('strong', {}, o.region.name), t('form.regionNote', { id: o.region.id.toUpperCase() })),
    lang() !== 'en' && o.indicators.some((i) => i.translationReviewed === false)
      ? h('p', { class: 'hint unreviewed' }, t('form.unreviewed'))
      : null,
    h('div', { class: 'row' }, indicatorField, fromField, toField, asOfField),
    h('p', { id: 'period-hint', class: 'hint' }, t('form.periodHint')),
    asOfField ? h('p', { id: 'asof-hint', class: 'hint' }, t('form.asOfHint')) : null,
    membersField,
    h('div', { class: 'row' }, by1Field, by2Field, columnsField, chartField),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('form.submit')),
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
      error.textContent = t('form.noMember');
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
