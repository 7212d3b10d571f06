// end to end with a real SDMX client: R's rsdmx (Debian's r-cran-rsdmx) reads the dataflows, the
// DSD with its codelists and the work-permits data of the demo's figures from the gateway's
// /sdmx, as the README tells a new user to; its data frame must hold the figures of the report
// builder's own GraphQL operation (the work-permits report of /reports).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { reportQuery } from '../../gateway/reports/app/queries.js';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { originOf } from '../harness/sdmx.js';

const run = promisify(execFile);
const MEMBERS = ['ARM', 'KAZ', 'UZB'];
const SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'rsdmx-read.R');

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e-rsdmx', members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)), providers: [] };
}

interface RsdmxRead {
  flows: { id: string; agencyID: string; version: string }[];
  dimensions: string[];
  sex: { id: string }[];
  areas: { id: string }[];
  data: { REF_AREA: string; INDICATOR: string; SEX: string; obsTime: string; obsValue: number; OBS_STATUS: string }[];
}

describe('rsdmx reads migfed', () => {
  let db: MigratedDatabase;
  let stack: Stack;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_rsdmx');
    await seedDemo(db.handle.db, region());
    stack = await startStack({ region: region(), db: db.handle.db, protection: { rateLimit: false } });
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('lists the dataflow, reads the DSD and codelists, and gets the report figures into a data frame', async () => {
    const base = `${originOf(stack.gatewayUrl)}/sdmx/2.1`;
    // Every member, work permits, total by sex and citizenship: A..WORK_PERMITS_ISSUED._T._Z._T.........
    const key = 'A..WORK_PERMITS_ISSUED._T.._T...........';
    const { stdout } = await run('Rscript', [SCRIPT, base, key], { timeout: 120_000 });
    const read = JSON.parse(stdout) as RsdmxRead;

    expect(read.flows).toEqual([expect.objectContaining({ id: 'DF_MIGRATION', agencyID: 'MIGFED', version: '1.0' })]);
    expect(read.dimensions.slice(0, 4)).toEqual(['FREQ', 'REF_AREA', 'INDICATOR', 'SEX']);
    expect(read.sex.map((c) => c.id)).toEqual(expect.arrayContaining(['F', 'M', '_T', '_Z']));
    expect(read.areas.map((c) => c.id)).toEqual(MEMBERS);

    const report = await gql(stack.gatewayUrl, reportQuery(false), { indicator: 'WORK_PERMITS_ISSUED', from: '2019', to: '2023' });
    expect(report.errors).toBeUndefined();
    const expected = (report.data.countries as { iso3: string; observations: { period: string; value: number | null }[] }[])
      .flatMap((c) => c.observations.filter((o) => o.value !== null).map((o) => `${c.iso3} ${o.period} ${o.value}`))
      .sort();
    expect(expected.length).toBeGreaterThan(10);
    const got = read.data.map((r) => `${r.REF_AREA} ${r.obsTime} ${r.obsValue}`).sort();
    expect(got).toEqual(expected);
    expect(new Set(read.data.map((r) => r.INDICATOR))).toEqual(new Set(['WORK_PERMITS_ISSUED']));
  });
});
