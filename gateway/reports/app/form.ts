// The report form: every control labelled, in reading order, usable with the keyboard alone.
import { type CodePicker, codePicker } from './code-picker.js';
import { h } from './dom.js';
import { lang, t } from './i18n.js';
import type { ChartKind, ColumnLayout, ReportParams } from './params.js';
import { atFrequency } from './periods.js';
import type { Code, Frequency, IndicatorDef, Member, Region } from './types.js';

export interface FormHandle {
  element: HTMLFormElement;
  /** Shows a report's parameters; false (and the indicator marked wrong) when its indicator is unknown. */
  fill(params: ReportParams): boolean;
  /** Sets the period range to what the members have published for the indicator (when known). */
  suggestRange(): void;
  /** Asks the graph which periods have figures, for the From and To lists (after a report has loaded). */
  loadPeriods(): void;
}

export interface FormOptions {
  region: Region;
  members: Member[];
  indicators: IndicatorDef[];
  /** Offer "As published on" (the graph has `observations(asOf:)`). */
  asOf: boolean;
  rangeFor: (indicator: IndicatorDef) => { from: string; to: string } | null;
  /** The periods for which any member has a figure (asked of the graph). */
  periodsFor: (indicator: IndicatorDef) => Promise<string[]>;
  /** Each breakdown dimension's codes (from the catalog). */
  codesFor: (indicator: IndicatorDef) => Promise<Map<string, Code[]>>;
  onSubmit: (params: ReportParams) => void;
}

function select(id: string, label: string, options: [string, string][]): [HTMLElement, HTMLSelectElement] {
  const el = h('select', { id, name: id }, ...options.map(([value, text]) => h('option', { value }, text)));
  return [h('div', { class: 'field' }, h('label', { for: id }, label), el), el];
}

/** A period is picked from those with figures; a period from a link is kept even if it has none. */
function periodSelect(id: string, label: string): [HTMLElement, HTMLSelectElement] {
  const el = h('select', { id, name: id, 'aria-describedby': 'period-hint' });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), el), el];
}

function setOptions(el: HTMLSelectElement, values: readonly string[], wanted: string): void {
  const all = wanted && !values.includes(wanted) ? [...values, wanted].sort() : values;
  el.replaceChildren(...all.map((v) => h('option', { value: v }, v)));
  el.value = wanted && all.includes(wanted) ? wanted : '';
}

const frequencyWord = (f: Frequency) => t(`form.freq.${f}`);
const COARSER: Record<Frequency, Frequency[]> = { M: ['M', 'Q', 'A'], Q: ['Q', 'A'], A: ['A'] };

/** Marks the control a message is about (or clears every mark), and moves focus there. */
function markInvalid(error: HTMLElement, controls: readonly HTMLElement[], control: HTMLElement | null, message: string): void {
  for (const c of controls) {
    c.removeAttribute('aria-invalid');
    const ids = (c.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== error.id);
    if (ids.length > 0) c.setAttribute('aria-describedby', ids.join(' '));
    else c.removeAttribute('aria-describedby');
  }
  error.textContent = message;
  if (!control) return;
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [error.id, control.getAttribute('aria-describedby')].filter(Boolean).join(' '));
  control.focus();
}

export function renderForm(o: FormOptions): FormHandle {
  const [indicatorField, indicator] = select(
    'indicator',
    t('form.indicator'),
    o.indicators.map((i) => [i.code, i.name]),
  );
  const [fromField, from] = periodSelect('from', t('form.from'));
  const [toField, to] = periodSelect('to', t('form.to'));
  const [aggregateField, aggregate] = select('aggregate', t('form.aggregate'), []);
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
  const error = h('p', { class: 'form-error', id: 'form-error', role: 'alert' });
  const current = () => o.indicators.find((i) => i.code === indicator.value) ?? o.indicators[0]!;
  const frequency = () => (aggregate.value || current().frequency) as Frequency;
  let periods: string[] = [];
  const refreshPeriods = (wanted = { from: from.value, to: to.value }) => {
    const freq = frequency();
    const shown = [...new Set(periods.map((p) => atFrequency(p, freq, 'start')))].sort();
    setOptions(from, shown, wanted.from && atFrequency(wanted.from, freq, 'start'));
    setOptions(to, shown, wanted.to && atFrequency(wanted.to, freq, 'end'));
  };
  const loadPeriods = () => {
    const asked = current();
    void o.periodsFor(asked).then(
      (list) => {
        if (current() !== asked) return;
        periods = list;
        refreshPeriods();
      },
      () => undefined, // the selects keep the link's periods; the report says what went wrong
    );
  };
  const refreshAggregate = () => {
    const kept = aggregate.value;
    const choices = COARSER[current().frequency];
    aggregate.replaceChildren(...choices.map((f) => h('option', { value: f === current().frequency ? '' : f }, frequencyWord(f))));
    aggregate.value = choices.some((f) => f === kept) ? kept : '';
    aggregateField.hidden = choices.length === 1;
  };
  const pickersSlot = h('div', { class: 'code-pickers' });
  let pickers: CodePicker[] = [];
  let pendingCodes: Record<string, string[]> | undefined;
  const refreshPickers = () => {
    const dims = [...new Set([by1.value, by2.value].filter(Boolean))];
    const asked = current();
    if (dims.length === 0) {
      pickers = [];
      pickersSlot.replaceChildren();
      return;
    }
    void o.codesFor(asked).then((codelists) => {
      if (current() !== asked) return;
      const kept = new Map(pickers.map((p) => [p.dimension.id, p]));
      pickers = dims.map((id) => kept.get(id) ?? codePicker(asked.dimensions.find((d) => d.id === id)!, codelists.get(id) ?? []));
      if (pendingCodes) for (const p of pickers) p.choose(pendingCodes[p.dimension.id]);
      pendingCodes = undefined;
      pickersSlot.replaceChildren(...pickers.map((p) => p.element));
    });
  };
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
    h('div', { class: 'row' }, indicatorField, aggregateField, fromField, toField, asOfField),
    h('p', { id: 'period-hint', class: 'hint' }, t('form.periodHint')),
    asOfField ? h('p', { id: 'asof-hint', class: 'hint' }, t('form.asOfHint')) : null,
    membersField,
    h('div', { class: 'row' }, by1Field, by2Field, columnsField, chartField),
    pickersSlot,
    error,
    h('button', { type: 'submit', class: 'primary' }, t('form.submit')),
  );
  const controls = () => [indicator, from, to, boxes[0]!, ...pickers.map((p) => p.search)];
  const fill = (p: ReportParams): boolean => {
    const known = o.indicators.some((i) => i.code === p.indicator);
    if (!known) {
      // The link's indicator is not in the catalog: the form stays as it was, usable, and says so.
      markInvalid(error, controls(), indicator, t('load.unknownIndicator', { code: p.indicator }));
      return false;
    }
    markInvalid(error, controls(), null, '');
    indicator.value = p.indicator;
    refreshBreakdowns();
    refreshAggregate();
    aggregate.value = p.aggregate && COARSER[current().frequency].includes(p.aggregate) ? p.aggregate : '';
    refreshPeriods({ from: p.from, to: p.to });
    for (const b of boxes) b.checked = !p.members || p.members.includes(b.value);
    by1.value = p.by[0] ?? '';
    by2.value = p.by[1] ?? '';
    pendingCodes = p.codes ?? {};
    pickers = [];
    refreshPickers();
    columns.value = p.columns;
    chart.value = p.chart;
    asOf.value = p.asOf;
    return true;
  };
  const suggestRange = () => {
    const range = o.rangeFor(current());
    if (range) refreshPeriods(range);
  };
  indicator.addEventListener('change', () => {
    refreshBreakdowns();
    refreshAggregate();
    pickers = [];
    refreshPickers();
    refreshPeriods({ from: '', to: '' });
    suggestRange();
    loadPeriods();
  });
  aggregate.addEventListener('change', () => refreshPeriods());
  for (const by of [by1, by2]) by.addEventListener('change', refreshPickers);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    if (checked.length === 0) {
      markInvalid(error, controls(), boxes[0]!, t('form.noMember'));
      return;
    }
    if (from.value && to.value && from.value > to.value) {
      markInvalid(error, controls(), from, t('form.fromAfterTo', { from: from.value, to: to.value }));
      return;
    }
    const empty = pickers.find((p) => p.chosen()?.length === 0);
    if (empty) {
      markInvalid(error, controls(), empty.search, t('form.noCode', { dimension: empty.dimension.name.toLowerCase() }));
      return;
    }
    markInvalid(error, controls(), null, '');
    const by = [...new Set([by1.value, by2.value].filter(Boolean))];
    const codes = Object.fromEntries(
      pickers.filter((p) => by.includes(p.dimension.id) && p.chosen()).map((p): [string, string[]] => [p.dimension.id, p.chosen()!]),
    );
    o.onSubmit({
      indicator: indicator.value,
      members: checked.length === boxes.length ? null : checked,
      from: from.value.trim(),
      to: to.value.trim(),
      by,
      columns: by.length > 0 ? (columns.value as ColumnLayout) : 'periods',
      chart: chart.value as ChartKind,
      asOf: o.asOf ? asOf.value : '',
      ...(Object.keys(codes).length > 0 ? { codes } : {}),
      ...(aggregate.value ? { aggregate: aggregate.value as Frequency } : {}),
    });
  });
  refreshBreakdowns();
  refreshAggregate();
  return { element, fill, suggestRange, loadPeriods };
}
