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

  /** The cells as SDMX-CSV for the ordinary import (one column per dimension used, `_T` elsewhere). */
  *csv(keep: (indicator: string, period: string) => boolean): Generator<string> {
    const dimensions = [...new Set([...this.counts.keys()].flatMap((k) => this.catalog.indicator(k.split(SEP)[0]!)!.dimensions))].sort();
    yield `INDICATOR,TIME_PERIOD,OBS_VALUE,${dimensions.join(',')}\n`;
    let chunk = '';
    for (const [key, value] of this.counts) {
      const [indicator, period, codes] = key.split(SEP) as [string, string, string];
      if (!keep(indicator, period)) continue;
      const byName = new Map(codes === '' ? [] : codes.split(';').map((p) => p.split('=') as [string, string]));
      chunk += `${indicator},${period},${value},${dimensions.map((d) => quotedCode(byName.get(d) ?? '_T')).join(',')}\n`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
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
