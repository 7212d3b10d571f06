import { relative } from 'node:path';
import type { ImportReport } from '@migfed/subgraph-country/operator';

type ProblemLine = ImportReport['errors'][number];

const where = (file: string, p: ProblemLine) => `${file}:${p.line}${p.column ? ` (${p.column})` : ''}`;

/** A cell by its dimensions other than totals: `CITIZENSHIP=ISR`, or `total`. */
const cellName = (dimensions: Record<string, string>) =>
  Object.entries(dimensions)
    .filter(([, code]) => code !== '_T')
    .map(([d, code]) => `${d}=${code}`)
    .join(' ') || 'total';

/** Prints an import report the way a compiler would: file:line (column): message. */
export function printReport(report: ImportReport, file: string): void {
  const name = relative(process.env.INIT_CWD ?? process.cwd(), file) || file;
  for (const e of report.errors) console.log(`${where(name, e)}: error: ${e.message}`);
  if (report.errorCount > report.errors.length) console.log(`… and ${report.errorCount - report.errors.length} more errors`);
  for (const w of report.warnings) console.log(`${where(name, w)}: warning: ${w.message}`);
  if (report.warningCount > report.warnings.length) console.log(`… and ${report.warningCount - report.warnings.length} more warnings`);
  if (report.ok && report.withdrawnCount > 0) {
    console.log(
      `withdrawn when published (${report.withdrawnCount} cells published earlier that this release does not carry; they stay in the history):`,
    );
    for (const c of report.withdrawn)
      console.log(`  ${c.indicator} ${c.period} ${cellName(c.dimensions)}: ${c.value ?? ':'} (${c.release})`);
    if (report.withdrawnCount > report.withdrawn.length) console.log(`  … and ${report.withdrawnCount - report.withdrawn.length} more`);
  }
  if (report.ok && report.carriedCount > 0) {
    console.log(
      `withheld when published (${report.carriedCount} cells published earlier in clear; the merged table would give a withheld value away, so this release publishes them again with the value withheld):`,
    );
    for (const c of report.carried)
      console.log(
        `  ${c.indicator} ${c.period} ${cellName(c.dimensions)}: ${c.value ?? ':'} (${c.release}) → CONF_STATUS ${c.confidentiality}`,
      );
    if (report.carriedCount > report.carried.length) console.log(`  … and ${report.carriedCount - report.carried.length} more`);
  }
  const counts = `${report.rows} rows, ${report.errorCount} errors, ${report.warningCount} warnings`;
  if (!report.ok) console.log(`\n${counts}. Nothing was written: fix the errors and import again.`);
  else if (report.dryRun) console.log(`\n${counts}. Dry run: nothing was written.`);
  else {
    console.log(
      `\n${counts}. ${report.written} cells are in draft release "${report.release}" of ${report.country}; readers see them once you publish:`,
    );
    console.log(`  npm run migfed -- publish --country ${report.country} --release "${report.release}" [--at 2025-03-01T09:00:00Z]`);
  }
}
