import { createHash } from 'node:crypto';
import type { RegionDef } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import { type ImportResult, importUndesaTable, importUnhcrTables, type RawTable } from '@migfed/subgraph-provider';
import {
  DEMO_RELEASES,
  type GeneratedTable,
  generateUndesaOdTable,
  generateUndesaTable,
  generateUnhcrTables,
} from './generate-provider/index.js';

function raw(table: GeneratedTable): RawTable {
  return {
    name: table.name,
    header: table.header,
    records: async function* () {
      for (const [i, cells] of table.rows.entries()) yield { line: i + 2, cells };
    },
  };
}

const checksumOf = (tables: readonly GeneratedTable[]) => `generated:${createHash('sha256').update(JSON.stringify(tables)).digest('hex')}`;

/**
 * Loads every provider of the region with GENERATED figures for its members, through the
 * providers' own importers, as release `DEMO` (source "DEMO — generated, not UNHCR data"). On
 * every start: identical generated tables change nothing (the importer compares checksums), a new
 * member in the region file is added. Real releases imported with `migfed unhcr import` stay and
 * answer first (a demo release never counts as the latest when a real one exists).
 */
export async function seedDemoProviders(handle: DbHandle, region: RegionDef, log: (line: string) => void = () => {}): Promise<void> {
  const members = region.members.map((m) => m.iso3);
  for (const { id } of region.providers ?? []) {
    let result: ImportResult;
    if (id === 'unhcr') {
      const tables = generateUnhcrTables(members);
      result = await importUnhcrTables(handle, { ...DEMO_RELEASES.unhcr, demo: true, checksum: checksumOf(tables) }, tables.map(raw));
    } else if (id === 'undesa') {
      const [table, byOrigin] = [generateUndesaTable(members), generateUndesaOdTable(members)];
      const meta = { ...DEMO_RELEASES.undesa, demo: true, checksum: checksumOf([table, byOrigin]) };
      result = await importUndesaTable(handle, meta, raw(table), {}, raw(byOrigin));
    } else {
      throw new Error(`The demo cannot generate figures for provider "${id}"`);
    }
    if (result.load.outcome === 'unchanged') continue;
    const rows = result.load.stats.reduce((n, s) => n + s.loaded, 0);
    log(
      `  provider_${id}: ${rows} generated rows (release DEMO, not ${id === 'unhcr' ? 'UNHCR' : 'UN DESA'} data) loaded in ${Math.round(result.ms)} ms`,
    );
  }
}
