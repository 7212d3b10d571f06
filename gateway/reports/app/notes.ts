// The words around the table: totals' note, completeness, legend and national definitions.
import { h } from './dom.js';
import { LEGEND } from './flags.js';
import { completeness, type Gap, totalsCoverage } from './model.js';
import { describeRuns } from './periods.js';
import type { ReportData } from './types.js';

/** "2015–2023: total of 12 of 12 members; 2024: total of 11 of 12 members (without Moldova)". */
export function totalsNote(data: ReportData): string {
  const coverage = totalsCoverage(data);
  const n = data.members.length;
  if (coverage.every((c) => c.counted === n)) return `Regional totals: total of ${n} of ${n} members in every period.`;
  const groups = new Map<string, { periods: string[]; counted: number; without: string[] }>();
  for (const c of coverage) {
    const key = c.without.join('|');
    const group = groups.get(key) ?? { periods: [], counted: c.counted, without: c.without };
    group.periods.push(c.period);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map(
    (g) =>
      `${describeRuns(g.periods, data.periods)}: total of ${g.counted} of ${n} members${g.without.length > 0 ? ` (without ${g.without.join(', ')})` : ''}`,
  );
  return `Regional totals add up the members with a figure (marked *): ${parts.join('; ')}.`;
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
    h('h3', { id: 'completeness-title' }, 'Completeness'),
    items.length === 0 ? h('p', {}, 'Every member has a figure for every period of the range.') : h('ul', {}, ...items),
  );
}

export function renderLegend(): HTMLElement {
  const entries = [
    ...LEGEND,
    { letter: '*', label: 'regional total that leaves out members without a figure (see the note)' },
    { letter: '†', label: 'national definition or source differs from the agreed one' },
  ];
  return h(
    'section',
    { class: 'legend', 'aria-labelledby': 'legend-title' },
    h('h3', { id: 'legend-title' }, 'Flags'),
    h('dl', {}, ...entries.flatMap((e) => [h('dt', {}, e.letter), h('dd', {}, e.label)])),
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
    h('h3', { id: 'definitions-title' }, 'National definitions'),
    h('p', {}, h('strong', {}, 'Agreed: '), data.indicator.definition),
    ...differing.map((m) =>
      h(
        'div',
        { class: 'definition', id: `meta-${m.iso3}`, tabindex: -1 },
        h('h4', {}, `† ${m.name} (${m.iso3})`),
        m.metadata!.differenceFromAgreed ? h('p', {}, h('strong', {}, 'Differs: '), m.metadata!.differenceFromAgreed) : null,
        m.metadata!.comparability ? h('p', {}, h('strong', {}, 'Comparability: '), m.metadata!.comparability) : null,
        h(
          'p',
          { class: 'source' },
          [m.metadata!.sourceType?.toLowerCase().replace(/_/g, ' '), m.metadata!.agency].filter(Boolean).join(', '),
        ),
      ),
    ),
    agreed.length > 0 ? h('p', {}, h('strong', {}, 'Follow the agreed definition: '), agreed.map((m) => m.name).join(', '), '.') : null,
    unknown.length > 0 ? h('p', {}, h('strong', {}, 'No national metadata: '), unknown.map((m) => m.name).join(', '), '.') : null,
  );
}
