// How a figure's SDMX flags are written in a table, the way statisticians expect (Eurostat style):
// a lower-case letter after the value, ":" for a figure that is not there.
import { lang, t, tOr } from './i18n.js';

/** OBS_STATUS codes that qualify a value (A, normal, shows nothing). */
const STATUS_LABELS: Record<string, string> = {
  P: 'provisional',
  E: 'estimated',
  B: 'break in series',
  U: 'low reliability',
  F: 'forecast',
  D: 'definition differs',
  I: 'imputed',
};

/** OBS_STATUS codes of a missing value; the cell shows ":" followed by the code in lower case. */
const MISSING_LABELS: Record<string, string> = {
  M: 'missing',
  L: 'missing, exists but not collected',
  O: 'missing, does not exist',
  Q: 'missing, suppressed',
  N: 'not significant',
};

const CONF_LABELS: Record<string, string> = {
  C: 'confidential',
  A: 'confidential (small count)',
  D: 'confidential (secondary)',
  E: 'under embargo',
  N: 'not for publication',
};

export interface Flag {
  letter: string;
  label: string;
}

/** Eurostat's revision mark: the value differs from the one an earlier release published. */
export const REVISED: Flag = {
  letter: 'r',
  get label() {
    return tOr('flag.revised', 'revised: an earlier release published another value');
  },
};

/** A sum that leaves out parts without a figure: members in a total, months in a quarter or year. */
export const INCOMPLETE: Flag = {
  letter: '*',
  get label() {
    return tOr('flag.incomplete', 'incomplete: adds up only the parts with a figure');
  },
};

/** The flags of one published figure, in the order they are written. */
export function flagsOf(status: string, confidentiality: string): Flag[] {
  const out: Flag[] = [];
  // The label in the page's language (a cell's tooltip); the English is the maps above.
  const conf = CONF_LABELS[confidentiality];
  if (confidentiality !== 'F' && conf) out.push({ letter: 'c', label: tOr(`conf.${confidentiality}`, conf) });
  const label = STATUS_LABELS[status] ?? MISSING_LABELS[status];
  if (label) out.push({ letter: status.toLowerCase(), label: tOr(`flag.${status}`, label) });
  else if (status !== 'A' && status) out.push({ letter: status.toLowerCase(), label: t('flag.status', { code: status }) });
  return out;
}

/** Whether a null value is explained by its confidentiality rather than by being missing. */
export function isWithheld(confidentiality: string): boolean {
  return confidentiality !== 'F';
}

/** Flags of a regional total: whatever qualifies any of the figures it adds up. */
export function mergeFlags(lists: readonly Flag[][]): Flag[] {
  const byLetter = new Map<string, Flag>();
  for (const flag of lists.flat()) if (!byLetter.has(flag.letter)) byLetter.set(flag.letter, flag);
  return [...byLetter.values()].sort((a, b) => a.letter.localeCompare(b.letter));
}

/** The legend: every flag a table can show, so a reader never meets an unexplained letter. */
export const LEGEND: readonly Flag[] = [
  { letter: ':', label: 'not available (no figure published for this period, or the member did not answer)' },
  { letter: 'p', label: STATUS_LABELS.P! },
  { letter: 'e', label: STATUS_LABELS.E! },
  { letter: 'b', label: STATUS_LABELS.B! },
  { letter: 'c', label: 'confidential: value withheld (small count, secondary confidentiality, embargo)' },
  { letter: 'u', label: STATUS_LABELS.U! },
  { letter: 'd', label: STATUS_LABELS.D! },
  { letter: 'f', label: STATUS_LABELS.F! },
  { letter: 'r', label: 'revised: an earlier release published another value (select r to see it)' },
  { letter: 'm, l, o, q', label: 'missing: not collected, does not exist, suppressed (SDMX OBS_STATUS M, L, O, Q)' },
];

// In the page's language: 1,234 in English, 1 234 in Russian, 1.234 in Spanish.
const numberFormat = new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 });

/** `1,234,567`; the table's way of writing a value (CSV files write it plain). */
export function formatValue(value: number): string {
  return numberFormat.format(value);
}
