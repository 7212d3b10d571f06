// Large, valid SDMX-CSV files for the resilience tests and benchmarks: every cell of
// WORK_PERMITS_ISSUED by period × sex × citizenship, all with one value, so that a result can be
// traced back to the file that wrote it. Streamed slowly on demand, to hold an import mid-COPY.
import { Readable } from 'node:stream';
import { codelistOf, loadCatalog } from '@migfed/schema';

export const BIG_HEADER = 'INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE';

function citizenships(): string[] {
  const catalog = loadCatalog();
  return (codelistOf(catalog, 'CITIZENSHIP')?.codes ?? []).map((c) => c.id).filter((id) => /^[A-Z]{3}$/.test(id));
}

/** Data lines (no header) of `cells` distinct cells, each with `value`. */
export function bigRows(value: number, cells: number): string[] {
  const areas = citizenships();
  const rows: string[] = [];
  for (let year = 1990; rows.length < cells && year < 2100; year += 1) {
    for (const area of areas) {
      for (const sex of ['F', 'M']) {
        if (rows.length < cells) rows.push(`WORK_PERMITS_ISSUED,${sex},${area},${year},${value}`);
      }
    }
  }
  return rows;
}

export const bigFile = (value: number, cells: number) => `${BIG_HEADER}\n${bigRows(value, cells).join('\n')}\n`;

/**
 * The file as a stream that sends `chunkRows` lines every `pauseMs`: an upload over a slow link,
 * so a test can act while the import is in the middle of its COPY.
 */
export function slowFile(value: number, cells: number, chunkRows = 500, pauseMs = 50): Readable {
  const rows = bigRows(value, cells);
  async function* chunks() {
    yield `${BIG_HEADER}\n`;
    for (let i = 0; i < rows.length; i += chunkRows) {
      await new Promise((r) => setTimeout(r, pauseMs));
      yield `${rows.slice(i, i + chunkRows).join('\n')}\n`;
    }
  }
  return Readable.from(chunks());
}
