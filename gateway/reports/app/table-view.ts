// The report's table: one <tbody> per member (a row group a screen reader can name), the
// regional totals last; values with their flags, ":" where a figure is not there.
import { h } from './dom.js';
import { type Flag, formatValue } from './flags.js';
import type { Cell, TableModel } from './model.js';
import type { MemberResult } from './types.js';
import { t, tOr } from './i18n.js';

/** A cell's tooltip for what it holds when that is not a value. */
const kindTitle = (kind: Cell['kind']): string => (kind === 'value' ? '' : t(`cell.${kind}`));

/** The flags after a value; a revised value's `r` opens to the value published before (one click). */
function flagNodes(flags: readonly Flag[], previous?: number): Node[] {
  return flags.map((f) =>
    f.letter === 'r' && previous !== undefined
      ? h(
          'details',
          { class: 'flag revision' },
          h('summary', { title: f.label }, 'r'),
          h('span', { class: 'previous' }, t('cell.previously', { value: formatValue(previous) })),
        )
      : h('abbr', { class: 'flag', title: f.label }, f.letter),
  );
}

function cellNode(cell: Cell, totalNoteId?: string): HTMLTableCellElement {
  // A total that leaves members out is marked; one with no member at all is simply not there (":").
  const partial = cell.of && cell.value !== null && cell.of.counted < cell.of.members;
  // One mark for "leaves a part out", whether the part is a member or a month of the period.
  const marked = partial && !cell.flags.some((f) => f.letter === '*');
  const title = [
    kindTitle(cell.kind),
    cell.of && cell.of.counted < cell.of.members ? t('cell.totalOf', { counted: cell.of.counted, members: cell.of.members }) : '',
  ]
    .filter(Boolean)
    .join('; ');
  return h(
    'td',
    {
      class: `cell ${cell.kind}${partial ? ' partial' : ''}`,
      title: title || undefined,
      'aria-describedby': partial || cell.kind === 'partial' ? totalNoteId : undefined,
    },
    cell.value === null ? ':' : formatValue(cell.value),
    cell.kind === 'partial' ? h('span', { class: 'below-coverage' }, ' partial') : null,
    ...flagNodes(cell.flags, cell.previous),
    marked ? h('span', { class: 'partial-mark', 'aria-hidden': 'true' }, '*') : null,
  );
}

/** Marks a member whose definition or source differs from the agreed one, linking to the note. */
function memberHeader(member: MemberResult, rowspan: number): HTMLTableCellElement {
  const differs = Boolean(member.metadata?.differenceFromAgreed || member.metadata?.comparability);
  return h(
    'th',
    { scope: rowspan > 1 ? 'rowgroup' : 'row', rowspan: rowspan > 1 ? rowspan : undefined, class: 'member' },
    member.name,
    ' ',
    h('span', { class: 'code' }, member.iso3),
    differs ? h('a', { class: 'meta-mark', href: `#meta-${member.iso3}`, title: t('table.metaMark') }, '†') : null,
  );
}

export function renderTable(table: TableModel, caption: string, totalNoteId: string): HTMLElement {
  const width = table.rowAxes.length + table.columnAxis.codes.length;
  // With a breakdown in the rows, each member's own total row is set in bold.
  const breakdownRows = table.rowAxes.some((a) => a.id !== 'PERIOD');
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('table.member')),
    ...table.rowAxes.map((a) => h('th', { scope: 'col' }, a.label)),
    ...table.columnAxis.codes.map((c) => h('th', { scope: 'col', class: 'num' }, c.name)),
  );
  const bodies = table.groups.map(({ member, rows }) => {
    if (member.unavailable) {
      return h(
        'tbody',
        { 'data-member': member.iso3, class: 'unavailable-member' },
        h(
          'tr',
          {},
          memberHeader(member, 1),
          h('td', { colspan: width, class: 'cell unavailable' }, t('cell.notAvailable', { reason: member.unavailable ?? '' })),
        ),
      );
    }
    const trs = rows.map((row, i) =>
      h(
        'tr',
        {
          class: breakdownRows && row.keys.every((k, j) => table.rowAxes[j]!.id === 'PERIOD' || k.id === '_T') ? 'member-total' : undefined,
        },
        i === 0 ? memberHeader(member, rows.length) : null,
        ...row.keys.map((k) => h('th', { scope: 'row', class: 'key' }, k.name)),
        ...row.cells.map((c) => cellNode(c)),
      ),
    );
    return h('tbody', { 'data-member': member.iso3 }, ...trs);
  });
  const totals =
    table.totalsLabel === null
      ? null
      : h(
          'tbody',
          { class: 'totals', 'data-member': 'TOTAL' },
          ...table.totals.map((row, i) =>
            h(
              'tr',
              {},
              i === 0
                ? h(
                    'th',
                    {
                      scope: table.totals.length > 1 ? 'rowgroup' : 'row',
                      rowspan: table.totals.length > 1 ? table.totals.length : undefined,
                      class: 'member',
                    },
                    tOr(`total.${table.totalsLabel}`, table.totalsLabel ?? ''),
                  )
                : null,
              ...row.keys.map((k) => h('th', { scope: 'row', class: 'key' }, k.name)),
              ...row.cells.map((c) => cellNode(c, totalNoteId)),
            ),
          ),
        );
  const tableEl = h(
    'table',
    { class: 'report-table' },
    h('caption', { id: 'table-caption' }, caption),
    h('thead', {}, head),
    ...bodies,
    totals,
  );
  // Wide tables scroll inside their own box; tabindex lets a keyboard user scroll it too.
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'table-caption', tabindex: 0 }, tableEl);
}
