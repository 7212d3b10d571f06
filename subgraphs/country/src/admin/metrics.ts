// What a member's operator watches about publishing: imports tried and how they ended, and rows
// written. Labels are the kind of file and the outcome, never a release name, a figure or a person.
import { Counter, type Logger, type Registry } from '@migfed/subgraph-kit';

export type ImportKind = 'observations' | 'records' | 'derive';
export type ImportOutcome = 'ok' | 'rejected' | 'failed' | 'dry_run';

export interface ImportMetrics {
  /** One finished import (or derivation) and the rows it wrote (0 unless committed). */
  finished(kind: ImportKind, outcome: ImportOutcome, written: number): void;
}

export function importMetrics(registry: Registry): ImportMetrics {
  const imports = new Counter({
    name: 'migfed_imports_total',
    help: 'Imports and derivations finished, by kind and outcome (ok, rejected, failed, dry_run)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const rows = new Counter({
    name: 'migfed_import_rows_written_total',
    help: 'Rows written by committed imports and derivations, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    finished(kind, outcome, written) {
      imports.inc({ kind, outcome });
      if (outcome === 'ok' && written > 0) rows.inc({ kind }, written);
    },
  };
}

/** What the admin routes log and count with. */
export interface Observe {
  log: Logger;
  metrics: ImportMetrics | undefined;
}
