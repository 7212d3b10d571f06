// Codes chosen within a breakdown ("these citizenships"): a searchable list of checkboxes. Each
// member's total is always shown beside the chosen codes, so `_T` is not in the list.
import { h } from './dom.js';
import { t } from './i18n.js';
import type { Code, DimensionDef } from './types.js';

export interface CodePicker {
  element: HTMLFieldSetElement;
  dimension: DimensionDef;
  /** The search box: where focus goes when nothing is chosen. */
  search: HTMLInputElement;
  /** The chosen codes; null when every code is (the default, kept out of the link). */
  chosen(): string[] | null;
  choose(codes: readonly string[] | undefined): void;
}

export function codePicker(dimension: DimensionDef, codes: readonly Code[]): CodePicker {
  const id = `codes-${dimension.id}`;
  const listed = codes.filter((c) => c.id !== '_T');
  const boxes = listed.map((c) => h('input', { type: 'checkbox', name: id, value: c.id, id: `${id}-${c.id}`, checked: true }));
  const labels = listed.map((c, i) =>
    h('label', { for: boxes[i]!.id, 'data-search': `${c.name} ${c.id}`.toLowerCase() }, boxes[i]!, ` ${c.name}`),
  );
  const count = h('span', { class: 'code-count', id: `${id}-count` });
  const search = h('input', {
    type: 'search',
    id: `${id}-search`,
    autocomplete: 'off',
    'aria-describedby': `${id}-count`,
    'aria-controls': `${id}-list`,
  });
  const update = () => {
    const n = boxes.filter((b) => b.checked).length;
    count.textContent = t('picker.count', { n, total: boxes.length });
  };
  const filter = () => {
    const words = search.value.trim().toLowerCase();
    for (const label of labels) label.hidden = words !== '' && !label.dataset.search!.includes(words);
  };
  // All and None act on the codes the search shows, so "search Uzb, None, …" works as expected.
  const setShown = (checked: boolean) => {
    labels.forEach((label, i) => {
      if (!label.hidden) boxes[i]!.checked = checked;
    });
    update();
  };
  search.addEventListener('input', filter);
  for (const b of boxes) b.addEventListener('change', update);
  const element = h(
    'fieldset',
    { class: 'code-picker', id },
    h('legend', {}, t('picker.legend', { dimension: dimension.name })),
    h('label', { for: search.id }, t('picker.search', { dimension: dimension.name.toLowerCase() })),
    search,
    ' ',
    count,
    h('div', { class: 'code-list', id: `${id}-list` }, ...labels),
    h(
      'div',
      { class: 'member-actions' },
      h('button', { type: 'button', onclick: () => setShown(true) }, t('form.all')),
      h('button', { type: 'button', onclick: () => setShown(false) }, t('form.none')),
    ),
  );
  update();
  return {
    element,
    dimension,
    search,
    chosen: () => {
      const checked = boxes.filter((b) => b.checked).map((b) => b.value);
      return checked.length === boxes.length ? null : checked;
    },
    choose: (wanted) => {
      for (const b of boxes) b.checked = !wanted || wanted.includes(b.value);
      update();
    },
  };
}
