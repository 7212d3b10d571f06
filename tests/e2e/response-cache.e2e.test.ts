// end to end: the gateway's response cache serves a repeated report without asking the
// members, and never shows a stale figure after a member publishes: at once for a release published
// now, and on time for a release scheduled for later (its embargo bounds every cached answer).
import { startStack, type Stack } from '@migfed/demo';
import { startGateway } from '@migfed/gateway';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { admin, tokenFor, upload } from '../harness/publishing.js';
import { workPermits } from '../fixtures/observations.js';

const MEMBERS = ['ARM', 'MDA'];
const REPORT = `query Report($members: [ID!]) { countries(iso3: $members) { iso3 observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023") { period value release } } }`;

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e-cache', members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)), providers: [] };
}

async function report(url: string, members = MEMBERS, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: REPORT, variables: { members } }),
  });
  const body = (await res.json()) as {
    data: { countries: { iso3: string; observations: { value: number; release: string }[] | null }[] };
    errors?: unknown[];
  };
  const mda = body.data.countries.find((c) => c.iso3 === 'MDA')?.observations?.[0];
  return { cache: res.headers.get('x-migfed-cache'), cacheControl: res.headers.get('cache-control'), mda, errors: body.errors };
}

/** Imports one new 2023 total for MDA into a draft release and publishes it (now, or at `at`). */
async function publish(stack: Stack, token: string, release: string, value: number, at?: string) {
  const csv = `INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,_T,2023,${value}\n`;
  const imported = await upload(stack.memberUrls.MDA!, token, csv, { release });
  expect(imported.report?.ok).toBe(true);
  const res = await admin(
    stack.memberUrls.MDA!,
    token,
    `mutation($name: String!, $at: DateTime) { publishRelease(name: $name, at: $at) { ok error } }`,
    { name: release, at: at ?? null },
  );
  expect(res.data?.publishRelease).toEqual({ ok: true, error: null });
}

describe('response cache of published figures', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_response_cache');
    for (const [i, iso3] of MEMBERS.entries()) await seedCountry(db.handle.db, iso3, workPermits(1000 * (i + 1), [2023]));
    stack = await startStack({
      region: region(),
      db: db.handle.db,
      admin: { handle: db.handle },
      responseCache: { maxAgeS: 300, clientMaxAgeS: 60 },
    });
    token = await tokenFor(db.handle, 'MDA');
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('serves a second identical report from the cache, with an honest Cache-Control', async () => {
    const first = await report(stack.gatewayUrl);
    expect(first).toMatchObject({ cache: 'MISS', mda: { value: 2000 } });
    expect(first.cacheControl).toMatch(/^public, max-age=([1-5]?\d|60)$/);
    db.statements.length = 0;
    const second = await report(stack.gatewayUrl);
    expect(second).toMatchObject({ cache: 'HIT', mda: { value: 2000 } });
    expect(db.statements).toEqual([]); // no member was asked
  });

  it('neither answers nor stores a request that carries credentials', async () => {
    const withToken = await report(stack.gatewayUrl, MEMBERS, { authorization: 'Bearer someone' });
    expect(withToken).toMatchObject({ cache: null, cacheControl: 'no-store', mda: { value: 2000 } });
  });

  it("shows a member's new figure in the very next report after it publishes", async () => {
    expect((await report(stack.gatewayUrl)).cache).toBe('HIT');
    await publish(stack, token, '2023 annual, revised', 2345);
    const after = await report(stack.gatewayUrl);
    expect(after).toMatchObject({ cache: 'MISS', mda: { value: 2345, release: '2023 annual, revised' } });
    expect((await report(stack.gatewayUrl)).mda?.value).toBe(2345);
  });

  it('shows a scheduled release when its embargo ends, without another notice', async () => {
    const at = new Date(Date.now() + 2_500).toISOString();
    await publish(stack, token, '2023 annual, final', 2500, at);
    const before = await report(stack.gatewayUrl);
    expect(before.mda?.value).toBe(2345); // embargoed: not yet visible, and now cached…
    expect(Number(/max-age=(\d+)/.exec(before.cacheControl ?? '')?.[1])).toBeLessThanOrEqual(3); // …only until the embargo ends
    expect((await report(stack.gatewayUrl)).cache).toBe('HIT');
    await new Promise((r) => setTimeout(r, Date.parse(at) - Date.now() + 100));
    expect((await report(stack.gatewayUrl)).mda?.value).toBe(2500);
  });

  it("after a restart, learns the members' scheduled releases and still shows them on time", async () => {
    const current = (await report(stack.gatewayUrl)).mda!.value;
    const at = new Date(Date.now() + 3_000).toISOString();
    await publish(stack, token, '2023 annual, late correction', current + 77, at);
    // A gateway started after the notice went out knows nothing of it, except through the calendar.
    const fresh = await startGateway({
      supergraphSdl: stack.supergraphSdl,
      port: 0,
      explorer: false,
      reports: false,
      responseCache: { maxAgeS: 300 },
    });
    try {
      await expect.poll(async () => (await report(fresh.graphqlUrl)).cacheControl).toMatch(/max-age=[0-3]\b/);
      expect((await report(fresh.graphqlUrl)).mda?.value).toBe(current);
      await new Promise((r) => setTimeout(r, Date.parse(at) - Date.now() + 100));
      expect((await report(fresh.graphqlUrl)).mda?.value).toBe(current + 77);
    } finally {
      await fresh.stop();
    }
  });

  it('never stores an answer with a member missing: no-store, and the next one is whole again', async () => {
    // Another member order: a report never asked before (the one above stays cached while ARM is
    // down, as published figures should).
    const members = ['MDA', 'ARM'];
    await stack.stopMember('ARM');
    const partial = await report(stack.gatewayUrl, members);
    expect(partial.errors).toBeDefined();
    expect(partial.cacheControl).toBe('no-store');
    await stack.startMember('ARM');
    const whole = await report(stack.gatewayUrl, members);
    expect(whole.errors).toBeUndefined();
    expect(whole.cache).toBe('MISS');
  });
});
