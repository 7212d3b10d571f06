// real published figures (UNHCR, two vintages) go through the focal point's
// workflow; the newer vintage is a real revision of the older and the older stays readable.
import { createServer } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsFor, toSdmxCsv, totalOf } from '../fixtures/unhcr-sdmx.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { admin, tokenFor, upload } from '../harness/publishing.js';

const ASYLUM = 'MEX';

describe(`UNHCR asylum applications for ${ASYLUM}, two vintages`, () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let token: string;
  const older = applicationsFor('2021-download', ASYLUM);
  const newer = applicationsFor('2025.12.1', ASYLUM);
  const totals = async (asOf?: string) => {
    const res = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "${ASYLUM}", iso3: "${ASYLUM}" }]) { ... on ${ASYLUM} {
      observations(indicator: "ASYLUM_APPLICATIONS"${asOf ? `, asOf: "${asOf}"` : ''}) { period value release } } } }`,
    );
    return new Map((res.data._entities[0].observations as { period: string; value: number }[]).map((o) => [o.period, o.value]));
  };

  beforeAll(async () => {
    db = await migratedDatabase('unhcr_revision');
    server = await createServer({ country: ASYLUM, db: db.handle.db, port: 0, admin: { handle: db.handle } });
    token = await tokenFor(db.handle, ASYLUM);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('imports and publishes the older vintage', async () => {
    const { report } = await upload(server.url, token, toSdmxCsv(older), { release: 'UNHCR 2021 download' });
    expect(report?.errors).toEqual([]);
    expect(report?.written).toBe([...older.values()].reduce((n, m) => n + m.size + 1, 0));
    expect((await admin(server.url, token, `mutation { publishRelease(name: "UNHCR 2021 download") { ok } }`)).data.publishRelease.ok).toBe(
      true,
    );
    const published = await totals();
    for (const [year, byOrigin] of older) expect(published.get(year)).toBe(totalOf(byOrigin));
  });

  it('revises with the newer vintage and keeps the older figures behind asOf', async () => {
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const { report } = await upload(server.url, token, toSdmxCsv(newer), { release: 'UNHCR 2025.12.1' });
    expect(report?.errors).toEqual([]);
    const pub = await admin(server.url, token, `mutation { publishRelease(name: "UNHCR 2025.12.1") { ok cells revised } }`);
    expect(pub.data.publishRelease.ok).toBe(true);
    // Every cell the two vintages share is closed by the revision, changed or not.
    const shared = [...newer].reduce(
      (n, [year, m]) => n + (older.has(year) ? [...m.keys()].filter((o) => older.get(year)!.has(o)).length + 1 : 0),
      0,
    );
    expect(pub.data.publishRelease.revised).toBe(shared);

    const now = await totals();
    for (const [year, byOrigin] of newer) expect(now.get(year)).toBe(totalOf(byOrigin));
    const before = await totals(between);
    for (const [year, byOrigin] of older) expect(before.get(year)).toBe(totalOf(byOrigin));

    const differing = [...newer].filter(([year, m]) => older.has(year) && totalOf(m) !== totalOf(older.get(year)!)).map(([year]) => year);
    expect(differing.length).toBeGreaterThan(0); // the vintages really differ (UNHCR re-rounded small counts)
    const res = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "${ASYLUM}", iso3: "${ASYLUM}" }]) { ... on ${ASYLUM} {
      releases { name changes(limit: 10000) { period previousValue value dimensions { dimension code } } } } } }`,
    );
    const changes = res.data._entities[0].releases[0].changes as {
      period: string;
      previousValue: number | null;
      dimensions: { dimension: string; code: string }[];
    }[];
    const changedTotals = changes
      .filter((c) => c.previousValue !== null && c.dimensions.every((d) => d.code === '_T'))
      .map((c) => c.period)
      .sort();
    expect(changedTotals).toEqual(differing.sort());
  });
});
