import { formatProblem } from './problems.js';
import type { ImportResult, TableStats } from './load.js';

const n = (value: number) => value.toLocaleString('en');

function tableLines(t: TableStats): string[] {
  const lines = [
    `  ${t.file} → ${t.table} (${t.layout}): ${n(t.read)} rows read, ${n(t.loaded)} loaded, ${n([...t.skipped.values()].reduce((s, x) => s + x.count, 0))} skipped, ${n(t.rejected)} rejected`,
  ];
  for (const [reason, { count, examples }] of t.skipped) {
    lines.push(`    skipped ${n(count)}: ${reason}${examples.length > 0 ? ` (e.g. ${examples.join('; ')})` : ''}`);
  }
  for (const [reason, count] of t.rejectedByReason) lines.push(`    rejected ${n(count)}: ${reason}`);
  for (const p of t.examples) lines.push(`      ${formatProblem(p)}`);
  if (t.rejected > t.examples.length) lines.push(`      … and ${n(t.rejected - t.examples.length)} more`);
  return lines;
}

/** The summary an operator reads after an import: per file rows read, loaded, skipped and rejected with reasons. */
export function formatImportSummary(result: ImportResult): string {
  const { release, load } = result;
  const published = release.publishedOn ? `published ${release.publishedOn}` : 'publication date unknown: give --published YYYY-MM-DD';
  const head = `${release.provider} release ${release.label} (${published})`;
  if (load.outcome === 'unchanged') {
    return `${head}: identical to the release already imported (same files, checksum ${release.checksum.slice(0, 12)}); nothing changed.`;
  }
  const lines = [
    `${head}: ${load.outcome === 'replaced' ? 'replaced the earlier import of this release' : 'imported'} in ${(result.ms / 1000).toFixed(1)} s`,
  ];
  for (const t of load.stats) lines.push(...tableLines(t));
  for (const i of result.ignored) lines.push(`  ${i.file}: ignored, ${i.why}`);
  return lines.join('\n');
}

/** The summary of an import that wrote nothing because rows were rejected. */
export function formatRejection(stats: readonly TableStats[]): string {
  return [
    'Nothing was imported: some rows were rejected (fix the file, or pass --allow-rejects to load the other rows).',
    ...stats.flatMap(tableLines),
  ].join('\n');
}
