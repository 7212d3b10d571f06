// The words around the table: totals' note, completeness, legend and national definitions.
import { h } from './dom.js';
import { LEGEND } from './flags.js';
import { completeness, type Gap, SELECTED_TOTAL, totalsCoverage, totalsScope } from './model.js';
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
    scope.required === null ? `${SELECTED_TOTAL} (${n} of the region's ${data.scope.regionMembers} members; not a regional total)` : null;
  if (coverage.every((c) => c.counted === n)) return `${selected ?? 'Regional totals'}: total of ${n} of ${n} members in every period.`;
  const rule =
    scope.required !== null && coverage.some((c) => c.partial)
      ? ` A regional total needs figures from at least ${scope.required} of the region's ${data.scope.regionMembers} members ` +
        `(the catalog's rule for this indicator: ${Math.round(data.indicator.regionalTotalMinimumShare * 100)} %); below that it is withheld as partial`
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
      `${describeRuns(g.periods, data.periods)}: ${g.partial ? 'partial, withheld: only ' : 'total of '}${g.counted} of ${n} members${g.without.length > 0 ? ` (without ${g.without.join(', ')})` : ''}`,
  );
  const head = selected ? `${selected}, adding up` : 'Regional totals add up';
  return `${head} the members with a figure (marked *)${rule ? `.${rule}` : ''}: ${parts.join('; ')}.`;
}

const GAP_WORDS: Record<Gap['kind'], string> = {
  gap: 'not published',
  missing: 'published as missing',
  withheld: 'confidential',
  unavailable: 'did not answer',
};

export function renderCompleteness(data: ReportData): HTMLElement {
  const gaps = completeness(data);
  const items = gaps.map((g) =>
    h(
      'li',
      { 'data-member': g.member.iso3 },
      h('strong', {}, `${g.member.name} (${g.member.iso3})`),
      `: ${GAP_WORDS[g.kind]}, ${g.periods.length === data.periods.length ? 'every period' : describeRuns(g.periods, data.periods)}`,
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
