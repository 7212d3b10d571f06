import { type Catalog, codelistOf, type IndicatorDef } from '@migfed/schema';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';

/** What the file uses, by distinct values: one aggregate scan of the staged rows gives all of it. */
export interface Summary {
  /** `indicator␟period` pairs (indicator '' when empty). */
  periods: Set<string>;
  obsStatuses: Set<string>;
  confStatuses: Set<string>;
  /** Per dimension column: `indicator␟code` pairs. */
  codes: Map<string, Set<string>>;
}

export const SEP = '\u001f';
const PERIOD: Record<string, RegExp> = { A: /^\d{4}$/, Q: /^\d{4}-Q[1-4]$/, M: /^\d{4}-(0[1-9]|1[0-2])$/ };
const FREQ_NAME: Record<string, string> = { A: 'annual (e.g. 2023)', Q: 'quarterly (e.g. 2023-Q1)', M: 'monthly (e.g. 2023-01)' };
export const MISSING_VALUES = new Set(['', ':', 'NaN', 'NA']);

/** The distinct values that break a rule, so the line-level query only looks for those. */
export interface BadValues {
  indicatorPeriods: string[];
  obsStatuses: string[];
  confStatuses: string[];
  codes: Map<string, string[]>;
}

export function periodProblem(indicator: IndicatorDef, period: string): string | undefined {
  const year = Number(period.slice(0, 4));
  if (period === '') return 'TIME_PERIOD is empty';
  if (!PERIOD[indicator.frequency]!.test(period) || year < 1900 || year > 2100) {
    return `period "${period}" does not fit ${indicator.code}, which is ${FREQ_NAME[indicator.frequency]}`;
  }
  return undefined;
}

export function codeProblem(catalog: Catalog, indicator: IndicatorDef, dimension: string, code: string): string | undefined {
  if (!indicator.dimensions.includes(dimension)) {
    return code === '_T'
      ? undefined
      : `${dimension} does not apply to ${indicator.code} (its dimensions: ${indicator.dimensions.join(', ')}); leave it empty or _T`;
  }
  const known = codelistOf(catalog, dimension)?.codes.some((c) => c.id === code);
  return known ? undefined : `unknown code "${code}" for ${dimension}`;
}

/** Which of the distinct values break a catalog rule (checked in memory against the catalog). */
export function badValues(catalog: Catalog, summary: Summary): BadValues {
  const statusOk = (list: string) => new Set(catalog.codelists.get(list)?.codes.map((c) => c.id));
  const obsOk = statusOk('OBS_STATUS');
  const confOk = statusOk('CONF_STATUS');
  const indicatorPeriods = [...summary.periods].filter((key) => {
    const [code, period] = key.split(SEP) as [string, string];
    const indicator = catalog.indicator(code);
    return !indicator || periodProblem(indicator, period) !== undefined;
  });
  const codes = new Map<string, string[]>();
  for (const [dimension, pairs] of summary.codes) {
    const bad = [...pairs].filter((key) => {
      const [code, value] = key.split(SEP) as [string, string];
      const indicator = catalog.indicator(code);
      return indicator !== undefined && codeProblem(catalog, indicator, dimension, value) !== undefined;
    });
    if (bad.length > 0) codes.set(dimension, bad);
  }
  return {
    indicatorPeriods,
    obsStatuses: [...summary.obsStatuses].filter((s) => !obsOk.has(s)),
    confStatuses: [...summary.confStatuses].filter((s) => !confOk.has(s)),
    codes,
  };
}

/** A flagged staged row, as the line-level query returns it. */
export type FlaggedRow = Record<string, string | number | null> & { line: number };

/** Every problem of one flagged row, with the same wording as the rest of the import. */
export function rowProblems(catalog: Catalog, layout: FileLayout, country: string, row: FlaggedRow): Problem[] {
  const out: Problem[] = [];
  const add = (column: string | undefined, message: string) =>
    out.push({ severity: 'error', line: row.line, ...(column ? { column } : {}), message });
  const code = (row.indicator as string | null) ?? null;
  const indicator = code ? catalog.indicator(code) : undefined;
  if (code === null) add('INDICATOR', 'INDICATOR is empty');
  else if (!indicator)
    add(
      'INDICATOR',
      `unknown indicator "${code}"; the catalog has ${catalog.indicators
        .map((i) => i.code)
        .sort()
        .join(', ')}`,
    );
  const period = (row.period as string) ?? '';
  const periodMessage = indicator ? periodProblem(indicator, period) : undefined;
  if (periodMessage) add('TIME_PERIOD', periodMessage);
  const raw = (row.value_raw as string) ?? '';
  const value = row.value_num as number | null;
  const missing = MISSING_VALUES.has(raw);
  const obs = row.obs_status as string;
  const action = row.action as string | null;
  // A row with ACTION D names a cell to withdraw: its value is not read.
  const deletes = layout.index.has('ACTION') && action === 'D';
  if (!deletes && !missing && value === null)
    add('OBS_VALUE', `OBS_VALUE "${raw.slice(0, 40)}" is not a number (digits only, at most 15 before the decimal point)`);
  if (!deletes && value !== null && value < 0) add('OBS_VALUE', `a count cannot be negative (${raw})`);
  if (!deletes && value !== null && !Number.isInteger(value)) add('OBS_VALUE', `a count must be a whole number (${raw})`);
  if (!deletes && missing && !['M', 'L', 'O', 'Q'].includes(obs)) {
    add(
      'OBS_VALUE',
      `the value is missing but OBS_STATUS ${obs} does not say why; use M (cannot exist), L (not collected), O (missing) or Q (suppressed)`,
    );
  }
  if (!catalog.codelists.get('OBS_STATUS')?.codes.some((c) => c.id === obs)) add('OBS_STATUS', `unknown OBS_STATUS "${obs}"`);
  const conf = row.conf_status as string;
  if (!catalog.codelists.get('CONF_STATUS')?.codes.some((c) => c.id === conf)) add('CONF_STATUS', `unknown CONF_STATUS "${conf}"`);
  if (layout.index.has('ACTION') && !['I', 'A', 'R', 'M', 'D'].includes(action ?? 'I')) {
    add('ACTION', `unknown ACTION "${action}"; use R (replace the table, the default), M (merge into it) or D (withdraw the cell)`);
  }
  const area = row.ref_area as string | null;
  if (area && area !== country) add('REF_AREA', `REF_AREA ${area} is not ${country}: each member publishes only its own figures`);
  const freq = row.freq as string | null;
  if (indicator && freq && freq !== indicator.frequency)
    add('FREQ', `FREQ ${freq} does not fit ${indicator.code}, which is ${FREQ_NAME[indicator.frequency]}`);
  if (indicator) {
    for (const d of layout.dimensions) {
      const message = codeProblem(catalog, indicator, d, row[`d_${d}`] as string);
      if (message) add(d, message);
    }
  }
  return out;
}
