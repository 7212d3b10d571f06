// The words around the table: totals' note, completeness, legend and national definitions.
import { h } from './dom.js';
import { LEGEND } from './flags.js';
import { completeness, SELECTED_TOTAL, totalsCoverage, totalsScope } from './model.js';
import { describeRuns } from './periods.js';
import type { ReportData } from './types.js';
import { t, tOr } from './i18n.js';

/**
 * "2015–2023: total of 12 of 12 members; 2024: total of 11 of 12 members (without Moldova)", with
 * what the totals may be called (totalsScope) and, for regional totals, the catalog's coverage rule
 * when a period falls below it. Empty for a single member (no total row).
 */
export function totalsNote(data: ReportData): string {
  const scope = totalsScope(data);
  if (!scope) return '';
  const coverage = totalsCoverage(data);
  const n = data.members.length;
  const selected =
    scope.required === null
      ? t('totals.selected', { label: tOr(`total.${SELECTED_TOTAL}`, SELECTED_TOTAL), n, total: data.scope.regionMembers })
      : null;
  if (coverage.every((c) => c.counted === n)) return t('totals.every', { head: selected ?? t('totals.regional'), n });
  const rule =
    scope.required !== null && coverage.some((c) => c.partial)
      ? t('totals.rule', {
          required: scope.required,
          total: data.scope.regionMembers,
          share: Math.round(data.indicator.regionalTotalMinimumShare * 100),
        })
      : '';
  const groups = new Map<string, { periods: string[]; counted: number; without: string[]; partial: boolean }>();
  for (const c of coverage) {
    const key = `${c.partial}|${c.without.join('|')}`;
    const group = groups.get(key) ?? { periods: [], counted: c.counted, without: c.without, partial: c.partial };
    group.periods.push(c.period);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map(
    (g) =>
      t(g.partial ? 'totals.partPartial' : 'totals.part', { periods: describeRuns(g.periods, data.periods), counted: g.counted, n }) +
      (g.without.length > 0 ? t('totals.without', { list: g.without.join(', ') }) : ''),
  );
  const head = selected ? t('totals.headSelected', { selected }) : t('totals.headRegional');
  return t('totals.sentence', { head, rule: rule ? `.${rule}` : '', parts: parts.join('; ') });
}

export function renderCompleteness(data: ReportData): HTMLElement {
  const gaps = completeness(data);
  const items = gaps.map((g) =>
    h(
      'li',
      { 'data-member': g.member.iso3 },
      h('strong', {}, `${g.member.name} (${g.member.iso3})`),
      `: ${t(`gap.${g.kind}`)}, ${g.periods.length === data.periods.length ? t('gap.everyPeriod') : describeRuns(g.periods, data.periods)}`,
    ),
  );
  return h(
    'section',
    { class: 'completeness', 'aria-labelledby': 'completeness-title' },
    h('h3', { id: 'completeness-title' }, t('notes.completeness')),
    items.length === 0 ? h('p', {}, t('notes.complete')) : h('ul', {}, ...items),
  );
}

export function renderLegend(): HTMLElement {
  const entries = [
    ...LEGEND,
    {
      letter: '*',
      label:
        'incomplete: a total that leaves out members without a figure (see the note), or a quarter or year that leaves out months without one',
    },
    { letter: 'partial', label: "regional total withheld: too few of the region's members have a figure (see the note)" },
    { letter: '†', label: 'national definition or source differs from the agreed one' },
  ];
  return h(
    'section',
    { class: 'legend', 'aria-labelledby': 'legend-title' },
    h('h3', { id: 'legend-title' }, t('notes.flags')),
    h('dl', {}, ...entries.flatMap((e) => [h('dt', {}, e.letter), h('dd', {}, tOr(`legend.${e.letter}`, e.label))])),
  );
}

/** Each member's definition and source where it differs from the agreed one, beside the figures. */
export function renderDefinitions(data: ReportData): HTMLElement {
  const differing = data.members.filter((m) => m.metadata?.differenceFromAgreed || m.metadata?.comparability);
  const agreed = data.members.filter((m) => m.metadata && !m.metadata.differenceFromAgreed && !m.metadata.comparability);
  const unknown = data.members.filter((m) => !m.metadata && !m.unavailable);
  return h(
    'aside',
    { class: 'definitions', 'aria-labelledby': 'definitions-title' },
    h('h3', { id: 'definitions-title' }, t('notes.definitions')),
    h('p', {}, h('strong', {}, t('notes.agreed')), data.indicator.definition),
    ...differing.map((m) =>
      h(
        'div',
        { class: 'definition', id: `meta-${m.iso3}`, tabindex: -1 },
        h('h4', {}, `† ${m.name} (${m.iso3})`),
        m.metadata!.differenceFromAgreed ? h('p', {}, h('strong', {}, t('notes.differs')), m.metadata!.differenceFromAgreed) : null,
        m.metadata!.comparability ? h('p', {}, h('strong', {}, t('notes.comparability')), m.metadata!.comparability) : null,
        h(
          'p',
          { class: 'source' },
          [m.metadata!.sourceType?.toLowerCase().replace(/_/g, ' '), m.metadata!.agency].filter(Boolean).join(', '),
        ),
      ),
    ),
    agreed.length > 0 ? h('p', {}, h('strong', {}, t('notes.followAgreed')), agreed.map((m) => m.name).join(', '), '.') : null,
    unknown.length > 0 ? h('p', {}, h('strong', {}, t('notes.noMetadata')), unknown.map((m) => m.name).join(', '), '.') : null,
  );
}
