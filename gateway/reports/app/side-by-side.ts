// National asylum applications next to UNHCR's for the same members and years, when the region's
// supergraph has a UNHCR provider (`Country.unhcr.asylumApplications(year: Int!, origin: ID): Int`).
// Without the provider the section is simply not there.
import { toCsv } from './csv.js';
import { download, h } from './dom.js';
import { formatValue } from './flags.js';
import { query } from './graphql.js';
import { t } from './i18n.js';
import { buildTable } from './model.js';
import type { ReportData } from './types.js';

export const SIDE_BY_SIDE_INDICATOR = 'ASYLUM_APPLICATIONS';

/** Introspection of `Country`: its fields and, for object-typed fields, their type's fields. */
export interface CountryType {
  fields: { name: string; args?: { name: string }[]; type: { name: string | null; fields: { name: string }[] | null } }[];
}

/** Whether `Country.observations` takes `asOf` (published figures at an instant). */
export function supportsAsOf(countryType: CountryType | null | undefined): boolean {
  return Boolean(countryType?.fields.find((f) => f.name === 'observations')?.args?.some((a) => a.name === 'asOf'));
}

/** The fields of `Country.unhcr` when the graph has a UNHCR provider with asylum applications, else null. */
export function unhcrFields(countryType: CountryType | null | undefined): string[] | null {
  const fields = countryType?.fields.find((f) => f.name === 'unhcr')?.type.fields?.map((f) => f.name) ?? [];
  return fields.includes('asylumApplications') ? fields : null;
}

/** One alias per year keeps it to one provider fetch for every member (years are whole numbers). */
export function sideBySideQuery(years: readonly number[], fields: readonly string[]): string {
  const source = fields.includes('latestRelease') ? 'latestRelease { label source demo } ' : '';
  const counts = years.map((y) => `y${y}: asylumApplications(year: ${y})`).join(' ');
  return `query SideBySide($members: [ID!]) { countries(iso3: $members) { iso3 unhcr { ${source}${counts} } } }`;
}

export interface Comparison {
  iso3: string;
  name: string;
  years: { year: number; national: number | null; unhcr: number | null; difference: number | null }[];
}

export function compare(data: ReportData, unhcr: Map<string, Record<string, number | null> | null>): Comparison[] {
  const table = buildTable({ ...data, breakdowns: [] }, 'periods');
  return table.groups.map(({ member, rows }) => ({
    iso3: member.iso3,
    name: member.name,
    years: data.periods.map((p, i) => {
      const national = rows[0]!.cells[i]!.value;
      const theirs = unhcr.get(member.iso3)?.[`y${p}`] ?? null;
      return { year: Number(p), national, unhcr: theirs, difference: national !== null && theirs !== null ? national - theirs : null };
    }),
  }));
}

/** The comparison as a plain table: one row per member and year, each source in its own column. */
export function comparisonCsv(comparisons: readonly Comparison[], source: string): string {
  const rows = [
    [t('col.memberCode'), t('col.member'), t('sbs.year'), t('sbs.national'), t('sbs.unhcr'), t('sbs.differenceCol')],
    ...comparisons.flatMap((c) => c.years.map((y) => [c.iso3, c.name, y.year, y.national, y.unhcr, y.difference])),
  ];
  return `\uFEFF${toCsv([...rows, [], [t('export.sourceLabel'), source]])}`;
}

const show = (v: number | null) => (v === null ? ':' : formatValue(v));

type UnhcrAnswer = Record<string, number | null> & { latestRelease?: { label: string; source: string; demo: boolean } | null };

export async function renderSideBySide(data: ReportData, fields: readonly string[] | null): Promise<HTMLElement | null> {
  if (!fields || data.indicator.code !== SIDE_BY_SIDE_INDICATOR || data.indicator.frequency !== 'A') return null;
  const years = data.periods.map(Number).filter(Number.isInteger);
  const members = data.members.map((m) => m.iso3);
  const result = await query<{ countries: { iso3: string; unhcr: UnhcrAnswer | null }[] }>(sideBySideQuery(years, fields), { members });
  const byMember = new Map((result.data?.countries ?? []).map((c) => [c.iso3, c.unhcr]));
  const release = [...byMember.values()].find((u) => u?.latestRelease)?.latestRelease;
  const comparisons = compare(data, byMember);
  const source = t('sbs.source', {
    unhcr: release ? t('sbs.release', { source: release.source, label: release.label }) : t('sbs.provider'),
  });
  const rows = comparisons.flatMap((c) => [
    h(
      'tr',
      {},
      h('th', { scope: 'rowgroup', rowspan: 3, class: 'member' }, c.name),
      h('th', { scope: 'row', class: 'key' }, t('sbs.national')),
      ...c.years.map((y) => h('td', { class: 'cell' }, show(y.national))),
    ),
    h('tr', {}, h('th', { scope: 'row', class: 'key' }, t('sbs.unhcr')), ...c.years.map((y) => h('td', { class: 'cell' }, show(y.unhcr)))),
    h(
      'tr',
      { class: 'difference' },
      h('th', { scope: 'row', class: 'key' }, t('sbs.difference')),
      ...c.years.map((y) =>
        h('td', { class: 'cell' }, y.difference === null ? ':' : `${y.difference > 0 ? '+' : ''}${formatValue(y.difference)}`),
      ),
    ),
  ]);
  return h(
    'section',
    { class: 'side-by-side', 'aria-labelledby': 'sbs-title' },
    h('h2', { id: 'sbs-title' }, t('sbs.title')),
    h('p', { class: 'hint' }, t('sbs.note')),
    release
      ? h('p', { class: release.demo ? 'notice' : 'hint' }, t('sbs.figures', { source: release.source, label: release.label }))
      : null,
    h(
      'p',
      {},
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            download(
              `asylum_applications_national_unhcr_${years[0]}_${years.at(-1)}.csv`,
              new Blob([comparisonCsv(comparisons, source)], { type: 'text/csv;charset=utf-8' }),
            ),
        },
        t('sbs.download'),
      ),
    ),
    h(
      'div',
      { class: 'table-scroll', role: 'region', 'aria-labelledby': 'sbs-title', tabindex: 0 },
      h(
        'table',
        { class: 'report-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('table.member')),
            h('th', { scope: 'col' }, t('export.sourceLabel')),
            ...years.map((y) => h('th', { scope: 'col', class: 'num' }, String(y))),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}
