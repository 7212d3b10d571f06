import type { Catalog } from '@migfed/schema';
import { needsQuotes, quoted } from '../publishing/copy-rows.js';
import { type CodeConvention, countryTranslator, sexTranslator, type Translate } from './codes.js';
import { type ColumnDef, PLACEHOLDERS, type RecordLayout, STORED } from './kinds.js';

/** A value as a COPY field (CSV): quoted when it must be, the empty string too (unquoted is NULL). */
export const field = (s: string | null) => (s === null ? '' : s === '' || needsQuotes.test(s) ? quoted(s) : s);

/** Distinct values remembered per column: beyond that, cells are checked one by one. */
export const MEMO_LIMIT = 100_000;

/** RECORD_ID and PERSON_ID are at most this long (checked again, with its message, by the general path). */
export const MAX_IDENTITY = 100;

export type Checked = { field: string; problem?: undefined } | { problem: string; field?: undefined };

/** How one column of the file is checked and where it goes in the COPY row. */
export interface Step {
  def: ColumnDef;
  at: number;
  /** Position of the stored column in the COPY row (after `line`). */
  slot: number;
  translate?: Translate;
  /** CROSSED_AT: two stored columns, the instant and its offset. */
  instant: boolean;
  memo: Map<string, Checked> | undefined;
  /** The fast path's values already as stored, by the hash of their bytes. */
  verbatim: Map<number, Uint8Array> | undefined;
}

export interface RowPlan {
  /**
   * The stored columns in the order the rows are written, for the COPY's column list: a file that
   * names the person by PERSON_ID is written in its own column order (then the offset of
   * CROSSED_AT), so that a row whose cells are already as stored is copied through almost as is.
   */
  copyColumns: string[];
  plan: Step[];
  /** Where the person is in the file: PERSON_ID, or DOCUMENT_COUNTRY and DOCUMENT_NUMBER. */
  personAt: number[];
  /** A row with problems, as staged (see PLACEHOLDERS). */
  placeholders: (string | null)[];
  personSlot: number;
  recordSlot: number;
  offsetSlot: number;
  validFrom: number;
  validTo: number;
}

/** The checks and the COPY row's shape for a records file with this header. */
export function planRows(layout: RecordLayout, catalog: Catalog, codes: CodeConvention | undefined): RowPlan {
  const country = countryTranslator(catalog, codes);
  const translate: Record<string, Translate> = { CITIZENSHIP: country, PARTNER_COUNTRY: country, SEX: sexTranslator(codes) };
  const stored = STORED[layout.kind];
  const storedOf = new Map(layout.defs.map((d) => [d.name, d.stored]));
  const columns =
    layout.person === 'id'
      ? [
          ...layout.columns.map((name) => (name === 'PERSON_ID' ? 'person' : storedOf.get(name)!)),
          ...(stored.includes('utc_offset') ? ['utc_offset'] : []),
        ]
      : stored;
  return {
    copyColumns: columns,
    plan: layout.defs
      .filter((d) => layout.index.has(d.name))
      .map((def) => ({
        def,
        at: layout.index.get(def.name)!,
        slot: columns.indexOf(def.stored),
        instant: def.name === 'CROSSED_AT',
        // Identities are all different and never kept; codes, years and dates repeat endlessly.
        memo: def.identity ? undefined : new Map<string, Checked>(),
        verbatim: def.identity ? undefined : new Map<number, Uint8Array>(),
        ...(translate[def.name] ? { translate: translate[def.name] } : {}),
      })),
    personAt:
      layout.person === 'id'
        ? [layout.index.get('PERSON_ID')!]
        : [layout.index.get('DOCUMENT_COUNTRY')!, layout.index.get('DOCUMENT_NUMBER')!],
    placeholders: columns.map((c) => PLACEHOLDERS[c] ?? null),
    personSlot: columns.indexOf('person'),
    recordSlot: columns.indexOf('record_id'),
    offsetSlot: columns.indexOf('utc_offset'),
    validFrom: columns.indexOf('valid_from'),
    validTo: columns.indexOf('valid_to'),
  };
}

/** A cell's translation and check, as a COPY field or a problem (the same for every cell of that value). */
export function checkCell(step: Step, value: string): Checked {
  let v = value;
  if (step.translate && v !== '') {
    const t = step.translate(v);
    if ('problem' in t) return { problem: t.problem };
    v = t.code;
  }
  const checked = step.def.check(v);
  return 'problem' in checked ? { problem: checked.problem } : { field: checked.ok === null ? '' : field(checked.ok) };
}
