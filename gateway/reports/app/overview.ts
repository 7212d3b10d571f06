// The start page's overview for the secretariat: members × indicators, with the latest period each
// member has published and the date of its last release, so that gaps show at once.
import { h } from './dom.js';
import { toSearch } from './params.js';
import { expandPeriods } from './periods.js';
import type { Coverage, IndicatorDef, Member } from './types.js';
import { formatDate, t } from './i18n.js';

export interface MemberCoverage extends Member {
  coverage: Coverage[] | null;
  /** When the member's next scheduled release becomes visible (the release calendar); null when none. */
  nextRelease?: string | null;
  unavailable?: string;
}

export type OverviewState = 'current' | 'behind' | 'holes' | 'none';

export interface OverviewCell {
  state: OverviewState;
  coverage?: Coverage;
  /** Periods between the first and the last published one that have no figure. */
  holes: number;
}

/** The latest period any member has published, per indicator: "behind" is measured against it. */
export function latestPeriods(rows: readonly MemberCoverage[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const c of rows.flatMap((r) => r.coverage ?? []))
    if (c.lastPeriod > (latest.get(c.indicator) ?? '')) latest.set(c.indicator, c.lastPeriod);
  return latest;
}

export function overviewCell(coverage: Coverage | undefined, indicator: IndicatorDef, latest: string | undefined): OverviewCell {
  if (!coverage) return { state: 'none', holes: 0 };
  const holes = Math.max(0, expandPeriods(coverage.firstPeriod, coverage.lastPeriod, indicator.frequency).length - coverage.periods);
  const state = latest && coverage.lastPeriod < latest ? 'behind' : holes > 0 ? 'holes' : 'current';
  return { state, coverage, holes };
}

function cellNode(cell: OverviewCell): HTMLTableCellElement {
  const c = cell.coverage;
  if (!c) return h('td', { class: 'ov none' }, h('span', { class: 'ov-main' }, '—'), h('span', { class: 'ov-sub' }, 'not published'));
  const released = c.lastPublishedAt ? formatDate(c.lastPublishedAt) : 'date unknown';
  return h(
    'td',
    {
      class: `ov ${cell.state}`,
      title: `${c.periods} periods from ${c.firstPeriod} to ${c.lastPeriod}; last release ${c.lastRelease ?? 'unnamed'}`,
    },
    h('span', { class: 'ov-main' }, c.lastPeriod),
    h('span', { class: 'ov-sub' }, `released ${released}`),
    cell.state === 'behind' ? h('span', { class: 'ov-note' }, 'behind') : null,
    cell.holes > 0 ? h('span', { class: 'ov-note' }, `${cell.holes} missing`) : null,
  );
}

export function renderOverview(rows: readonly MemberCoverage[], indicators: readonly IndicatorDef[]): HTMLElement {
  const latest = latestPeriods(rows);
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('table.member')),
    h('th', { scope: 'col' }, t('overview.nextRelease')),
    ...indicators.map((i) => {
      const span = rows.flatMap((r) => r.coverage ?? []).filter((c) => c.indicator === i.code);
      const from = span.map((c) => c.firstPeriod).sort()[0] ?? '';
      const link = `./${toSearch({ indicator: i.code, members: null, from, to: latest.get(i.code) ?? '', by: [], columns: 'periods', chart: 'auto', asOf: '' })}`;
      return h('th', { scope: 'col' }, h('a', { href: link, title: t('overview.reportLink', { name: i.name }) }, i.name));
    }),
  );
  const body = rows.map((r) =>
    h(
      'tr',
      { 'data-member': r.iso3 },
      h('th', { scope: 'row', class: 'member' }, r.name, ' ', h('span', { class: 'code' }, r.iso3)),
      h(
        'td',
        { class: 'ov next-release' },
        r.unavailable
          ? ''
          : r.nextRelease
            ? h('time', { datetime: r.nextRelease }, r.nextRelease.slice(0, 10))
            : t('overview.noneScheduled'),
      ),
      ...(r.unavailable
        ? [h('td', { colspan: indicators.length, class: 'ov unavailable' }, `not available — ${r.unavailable}`)]
        : indicators.map((i) =>
            cellNode(
              overviewCell(
                r.coverage?.find((c) => c.indicator === i.code),
                i,
                latest.get(i.code),
              ),
            ),
          )),
    ),
  );
  const table = h(
    'table',
    { class: 'overview-table' },
    h('caption', { id: 'overview-caption' }, t('overview.caption')),
    h('thead', {}, head),
    h('tbody', {}, ...body),
  );
  const key = h(
    'p',
    { class: 'hint' },
    'A column heading opens that indicator’s report. ',
    h('span', { class: 'ov-key behind' }, 'behind'),
    ': older than the latest period another member published. ',
    h('span', { class: 'ov-key holes' }, 'missing'),
    ': periods without a figure inside the published range. ',
    h('span', { class: 'ov-key none' }, 'not published'),
    ': no figure at all.',
  );
  return h(
    'section',
    { class: 'overview', 'aria-labelledby': 'overview-title' },
    h('h2', { id: 'overview-title' }, t('overview.title')),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'overview-caption', tabindex: 0 }, table),
    key,
  );
}
