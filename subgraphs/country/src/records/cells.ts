import type { Catalog } from '@migfed/schema';
import { quoted } from '../publishing/copy-rows.js';

/** The broad age bands of the catalog, by age in completed years at the event. */
export function ageBand(age: number | null): string {
  if (age === null || age < 0 || !Number.isFinite(age)) return '_U';
  if (age <= 4) return 'Y0T4';
  if (age <= 11) return 'Y5T11';
  if (age <= 17) return 'Y12T17';
  if (age <= 59) return 'Y18T59';
  return 'Y_GE60';
}

const SEP = '\u001f';

/** A cell a derivation takes out: its codes in dimension-name order, as country.observations keeps them. */
export interface StaleCell {
  indicator: string;
  period: string;
  seriesKey: string;
}

/**
 * Counts derived cells in memory: each event adds one to the indicator's total, to one cell of
 * every single-dimension breakdown (the other dimensions at `_T`), and to one cell of each
 * cross-classification the catalog names. Its size grows with the number of distinct cells, not
 * with the number of records.
 */
export class CellCounter {
  private readonly counts = new Map<string, number>();
  private readonly groupings = new Map<string, string[][]>();

  constructor(private readonly catalog: Catalog) {}

  private groupingsOf(indicator: string): string[][] {
    let g = this.groupings.get(indicator);
    if (!g) {
      const def = this.catalog.indicator(indicator);
      if (!def) throw new Error(`the catalog has no indicator ${indicator}`);
      g = [[], ...def.dimensions.map((d) => [d]), ...(def.crossClassifications ?? [])];
      this.groupings.set(indicator, g);
    }
    return g;
  }

  /** `count` events (one by default) of `indicator` in `period`, with their code on every dimension of the indicator. */
  add(indicator: string, period: string, codes: Record<string, string>, count = 1): void {
    for (const grouping of this.groupingsOf(indicator)) {
      const key = `${indicator}${SEP}${period}${SEP}${grouping.map((d) => `${d}=${codes[d]}`).join(';')}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    }
  }

  /** Makes sure the total exists (0 when nothing happened): a published period says so. */
  total(indicator: string, period: string): void {
    const key = `${indicator}${SEP}${period}${SEP}`;
    if (!this.counts.has(key)) this.counts.set(key, 0);
  }

  /**
   * The cells as SDMX-CSV for the ordinary import (one column per dimension used, `_T` elsewhere).
   * `withdraw` names cells to take out (ACTION D rows; the counted rows then replace their tables, R).
   */
  *csv(keep: (indicator: string, period: string) => boolean, withdraw: readonly StaleCell[] = []): Generator<string> {
    const indicators = new Set([...[...this.counts.keys()].map((k) => k.split(SEP)[0]!), ...withdraw.map((c) => c.indicator)]);
    const dimensions = [...new Set([...indicators].flatMap((i) => this.catalog.indicator(i)!.dimensions))].sort();
    const action = withdraw.length > 0 ? ',ACTION' : '';
    const replace = withdraw.length > 0 ? ',' : '';
    yield `INDICATOR,TIME_PERIOD,OBS_VALUE,${dimensions.join(',')}${action}\n`;
    let chunk = '';
    for (const [key, value] of this.counts) {
      const [indicator, period, codes] = key.split(SEP) as [string, string, string];
      if (!keep(indicator, period)) continue;
      const byName = new Map(codes === '' ? [] : codes.split(';').map((p) => p.split('=') as [string, string]));
      chunk += `${indicator},${period},${value},${dimensions.map((d) => quotedCode(byName.get(d) ?? '_T')).join(',')}${replace}\n`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    for (const c of withdraw) {
      const own = [...this.catalog.indicator(c.indicator)!.dimensions].sort();
      const codes = c.seriesKey.split(';');
      const byName = new Map(own.map((d, i) => [d, codes[i] ?? '_T']));
      chunk += `${c.indicator},${c.period},,${dimensions.map((d) => quotedCode(byName.get(d) ?? '_T')).join(',')},D\n`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  /** Whether the counted cells have this one (`seriesKey`: its codes in dimension-name order). */
  has(indicator: string, period: string, seriesKey: string): boolean {
    const own = [...this.catalog.indicator(indicator)!.dimensions].sort();
    const codes = seriesKey.split(';');
    const named = new Map(own.map((d, i) => [d, codes[i] ?? '_T']));
    const grouping = this.groupingsOf(indicator).find(
      (g) => g.length === [...named.values()].filter((c) => c !== '_T').length && g.every((d) => named.get(d) !== '_T'),
    );
    if (!grouping) return false;
    return this.counts.has(`${indicator}${SEP}${period}${SEP}${grouping.map((d) => `${d}=${named.get(d)}`).join(';')}`);
  }

  /** Cells per indicator (all periods), for the report. */
  cellsOf(keep: (indicator: string, period: string) => boolean): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of this.counts.keys()) {
      const [indicator, period] = key.split(SEP) as [string, string];
      if (keep(indicator, period)) out[indicator] = (out[indicator] ?? 0) + 1;
    }
    return out;
  }
}

const quotedCode = (code: string) => (/[",\n]/.test(code) ? quoted(code) : code);
