import { loadRegion } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { generateCountryData } from '../generate/index.js';
import { DEMO_RELEASES, generateUndesaTable, generateUnhcrTables } from './index.js';

const members = loadRegion('siemmes').members.map((m) => m.iso3);

function column(table: { header: string[]; rows: string[][] }, name: string): string[] {
  const i = table.header.indexOf(name);
  return table.rows.map((r) => r[i]!);
}

describe('generated provider figures (demo)', () => {
  const tables = generateUnhcrTables(members);

  it('are labelled as demo data, never as the provider', () => {
    expect(DEMO_RELEASES.unhcr.source).toMatch(/^DEMO — generated, not UNHCR data$/);
    expect(DEMO_RELEASES.undesa.source).toMatch(/not UN DESA data/);
    for (const t of tables) expect(t.name).toMatch(/\(generated\)$/);
  });

  it('are the same on every run', () => {
    expect(generateUnhcrTables(members)).toEqual(tables);
    expect(generateUndesaTable(members)).toEqual(generateUndesaTable(members));
  });

  it('round small counts as UNHCR does: no published cell from 1 to 4', () => {
    for (const t of tables) {
      const counts = t.header.filter((c) => /^(applied|dec_|refugees|asylum_seekers|stateless|[fm]_)/.test(c));
      for (const c of counts) for (const v of column(t, c)) expect(['1', '2', '3', '4']).not.toContain(v);
    }
  });

  it('stay within a plausible distance of the national demo figures', () => {
    const applications = tables[0]!;
    for (const iso3 of ['MEX', 'CRI', 'PAN']) {
      const unhcr = applications.rows.filter((r) => r[6] === iso3 && r[0] === '2022').reduce((s, r) => s + Number(r[11]), 0);
      const national = generateCountryData(iso3).observations.find(
        (o) => o.indicator === 'ASYLUM_APPLICATIONS' && o.period === '2022' && Object.values(o.dimensions).every((c) => c === '_T'),
      )?.value;
      expect(national).toBeGreaterThan(0);
      expect(Math.abs(unhcr - national!) / national!).toBeLessThan(0.25);
    }
  });

  it('give UN DESA migrant stock for every member, 1990–2020, both sexes adding up', () => {
    const stock = generateUndesaTable(members);
    expect(stock.rows).toHaveLength(members.length * 7 * 3);
    for (const year of ['1990', '2020']) {
      const rows = stock.rows.filter((r) => r[1] === 'Mexico' && r[6] === year);
      const bySex = new Map(rows.map((r) => [r[5], Number(r[7])]));
      expect(bySex.get('F')! + bySex.get('M')!).toBe(bySex.get('_T'));
    }
  });
});
