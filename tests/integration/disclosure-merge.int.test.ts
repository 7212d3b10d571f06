// Disclosure control over the table as it will be published when a release merges into an earlier
// one (ACTION M, or setObservation's small edits): the earlier release's visible cells and the
// draft's cells together. A merged small cell must not be recoverable by subtracting the earlier
// release's breakdown from the new total, and a merge must not break the protection of a cell an
// earlier release withheld. Real subgraph, real PostgreSQL; the attacker reads what readers read.
import { loadCatalog } from '@migfed/schema';
import { protectionWidth } from '@migfed/subgraph-country/disclosure';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackTable } from '../harness/attacker.js';
import { gql } from '../harness/graphql.js';
import { admin, memberSubgraph, tokenFor, upload } from '../harness/publishing.js';

const catalog = loadCatalog();
const csv = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`;
const DECISIONS = 'INDICATOR,CITIZENSHIP,DECISION,TIME_PERIOD,OBS_VALUE';
const decision = (citizenship: string, value: number) => `REFUGEE_STATUS_DECISIONS,${citizenship},_T,2023,${value}`;

interface ReadCell {
  value: number | null;
  confidentiality: string;
  dimensions: { dimension: string; code: string }[];
}

describe('disclosure control over a table that a release merges into', () => {
  const member = memberSubgraph('disclosure_merge');
  let token: string;

  /** The table readers see now, read from the subgraph, keyed by series key (dimension-name order). */
  const visible = async (indicator: string, period: string) => {
    const res = await gql(
      member.server.url,
      `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA {
          observations(indicator: "${indicator}", from: "${period}", to: "${period}",
            filter: [{ dimension: "CITIZENSHIP", codes: ["_T", "SYR", "AFG", "IRQ"] }]) { value confidentiality dimensions { dimension code } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const cells = res.data._entities[0].observations as ReadCell[];
    return new Map(
      cells.map((c) => [
        [...c.dimensions]
          .sort((a, b) => a.dimension.localeCompare(b.dimension))
          .map((d) => d.code)
          .join(';'),
        { value: c.value, withheld: c.confidentiality !== 'F' },
      ]),
    );
  };

  /**
   * The attacker's intervals for the withheld cells of the visible table, with the true values the
   * test wrote (readers get only the flag), and the cells it narrows further than the rule allows.
   */
  const attack = async (indicator: string, period: string, truth: Record<string, number>) => {
    const table = await visible(indicator, period);
    expect([...table.keys()].sort()).toEqual(Object.keys(truth).sort());
    for (const [key, cell] of table) if (!cell.withheld) expect(cell.value, key).toBe(truth[key]);
    for (const [key, cell] of table) if (cell.withheld) expect(cell.value, key).toBeNull();
    const exposures = await attackTable(
      catalog,
      indicator,
      [...table].map(([key, cell]) => ({ key, value: truth[key]!, withheld: cell.withheld })),
    );
    const threshold = catalog.indicator(indicator)!.smallCountThreshold;
    return {
      withheld: [...table]
        .filter(([, c]) => c.withheld)
        .map(([k]) => k)
        .sort(),
      exposed: exposures.filter((e) => e.hi - e.lo + 1e-6 < protectionWidth(e.value, threshold)),
    };
  };

  const publish = async (name: string) => {
    const res = await admin(member.server.url, token, `mutation($n: String!) { publishRelease(name: $n) { ok error } }`, { n: name });
    expect(res.data.publishRelease).toEqual({ ok: true, error: null });
  };

  beforeAll(async () => {
    token = await tokenFor(member.db.handle, 'MDA');
  });

  it('a merged small cell is not given away by the earlier breakdown, nor by the history: the new total is withheld', async () => {
    // Release 1: a clear table, every cell well above the threshold of 5.
    const first = csv(DECISIONS, [decision('_T', 100), decision('SYR', 60), decision('AFG', 40)]);
    expect((await upload(member.server.url, token, first, { release: 'decisions 2023' })).report).toMatchObject({ ok: true });
    await publish('decisions 2023');
    expect((await attack('REFUGEE_STATUS_DECISIONS', '2023', { '_T;_T': 100, 'SYR;_T': 60, 'AFG;_T': 40 })).withheld).toEqual([]);
    // Release 2 merges a late count of 3 Iraqis and the new total: on its own a safe table (103 and
    // a withheld 3), merged it would be 103 − 60 − 40 = 3. Withholding the Afghans' 40 would not do:
    // release 1 keeps it readable in the history. The new total is withheld instead.
    const late = csv(DECISIONS, [decision('_T', 103), decision('IRQ', 3)]);
    const dry = await upload(member.server.url, token, late, { release: 'decisions 2023 late', action: 'merge', dryRun: true });
    expect(dry.report).toMatchObject({ ok: true, dryRun: true, written: 0, withdrawnCount: 0, carriedCount: 0 });
    expect((await upload(member.server.url, token, late, { release: 'decisions 2023 late', action: 'merge' })).report).toMatchObject({
      ok: true,
      written: 2,
      carriedCount: 0,
    });
    // The review of the draft shows the new total withheld.
    const review = await admin(
      member.server.url,
      token,
      `{ release(name: "decisions 2023 late") { cells changes { dimensions { dimension code } value previousValue confidentiality previousConfidentiality } } }`,
    );
    expect(review.data.release.cells).toBe(2);
    const total = review.data.release.changes.find((c: { dimensions: { code: string }[] }) => c.dimensions.every((d) => d.code === '_T'));
    expect(total).toMatchObject({ value: 103, previousValue: 100, confidentiality: 'D', previousConfidentiality: 'F' });
    await publish('decisions 2023 late');
    const after = await attack('REFUGEE_STATUS_DECISIONS', '2023', { '_T;_T': 103, 'SYR;_T': 60, 'AFG;_T': 40, 'IRQ;_T': 3 });
    expect(after.exposed).toEqual([]);
    expect(after.withheld).toEqual(['IRQ;_T', '_T;_T']);
  });

  it('when only cells published earlier in clear could protect a merged cell, the smallest is carried withheld', async () => {
    // Release 1: an incomplete breakdown (60 + 40 of 103), so the total says nothing about the rest.
    const first = [decision('_T', 103), decision('SYR', 60), decision('AFG', 40)].map((r) => r.replace(',2023,', ',2020,'));
    expect((await upload(member.server.url, token, csv(DECISIONS, first), { release: 'decisions 2020' })).report).toMatchObject({
      ok: true,
    });
    await publish('decisions 2020');
    // Merging 3 Iraqis completes it: 103 − 60 − 40 = 3. Every other cell keeps its published value.
    const late = csv(DECISIONS, [decision('IRQ', 3).replace(',2023,', ',2020,')]);
    const dry = await upload(member.server.url, token, late, { release: 'decisions 2020 late', action: 'merge', dryRun: true });
    expect(dry.report).toMatchObject({ ok: true, dryRun: true, written: 0, carriedCount: 1 });
    expect(dry.report!.carried.map((c) => [c.dimensions.CITIZENSHIP, c.value, c.confidentiality, c.release])).toEqual([
      ['AFG', 40, 'D', 'decisions 2020'],
    ]);
    expect((await upload(member.server.url, token, late, { release: 'decisions 2020 late', action: 'merge' })).report).toMatchObject({
      ok: true,
      carriedCount: 1,
    });
    const review = await admin(
      member.server.url,
      token,
      `{ release(name: "decisions 2020 late") { cells changes { dimensions { dimension code } value previousValue confidentiality previousConfidentiality previousRelease } } }`,
    );
    expect(review.data.release.cells).toBe(2);
    const afg = review.data.release.changes.find((c: { dimensions: { code: string }[] }) => c.dimensions.some((d) => d.code === 'AFG'));
    expect(afg).toMatchObject({
      value: 40,
      previousValue: 40,
      confidentiality: 'D',
      previousConfidentiality: 'F',
      previousRelease: 'decisions 2020',
    });
    await publish('decisions 2020 late');
    const after = await attack('REFUGEE_STATUS_DECISIONS', '2020', { '_T;_T': 103, 'SYR;_T': 60, 'AFG;_T': 40, 'IRQ;_T': 3 });
    expect(after.exposed).toEqual([]);
    expect(after.withheld).toEqual(['AFG;_T', 'IRQ;_T']);
  });

  it('a merge that publishes a protecting cell in clear withholds another in its place', async () => {
    // Release 1 withholds 3 Iraqis and, to protect them, the 10 Afghans.
    const first = [decision('_T', 100), decision('SYR', 87), decision('AFG', 10), decision('IRQ', 3)].map((r) =>
      r.replace(',2023,', ',2022,'),
    );
    expect((await upload(member.server.url, token, csv(DECISIONS, first), { release: 'decisions 2022' })).report).toMatchObject({
      ok: true,
    });
    await publish('decisions 2022');
    expect((await attack('REFUGEE_STATUS_DECISIONS', '2022', { '_T;_T': 100, 'SYR;_T': 87, 'AFG;_T': 10, 'IRQ;_T': 3 })).withheld).toEqual([
      'AFG;_T',
      'IRQ;_T',
    ]);
    // Release 2 merges a corrected Afghan figure, in clear: alone it is one free cell.
    const fix = csv(DECISIONS, [decision('AFG', 10).replace(',2023,', ',2022,')]);
    expect((await upload(member.server.url, token, fix, { release: 'decisions 2022 fix', action: 'merge' })).report).toMatchObject({
      ok: true,
    });
    await publish('decisions 2022 fix');
    const after = await attack('REFUGEE_STATUS_DECISIONS', '2022', { '_T;_T': 100, 'SYR;_T': 87, 'AFG;_T': 10, 'IRQ;_T': 3 });
    expect(after.exposed).toEqual([]);
    expect(after.withheld).toContain('IRQ;_T');
    expect(after.withheld.length).toBeGreaterThan(1);
  });

  it('a release published in between is taken into account when the merging draft is published', async () => {
    const year = (r: string) => r.replace(',2023,', ',2021,');
    const first = [decision('_T', 100), decision('SYR', 60), decision('AFG', 40)].map(year);
    expect((await upload(member.server.url, token, csv(DECISIONS, first), { release: 'decisions 2021' })).report).toMatchObject({
      ok: true,
    });
    await publish('decisions 2021');
    // A draft merges 3 Iraqis without a new total: against the published table (100 = 60 + 40)
    // the breakdown overshoots its total, so nothing can be worked out and nothing is carried.
    const late = await upload(member.server.url, token, csv(DECISIONS, [year(decision('IRQ', 3))]), {
      release: 'decisions 2021 iraq',
      action: 'merge',
    });
    expect(late.report).toMatchObject({ ok: true, carriedCount: 0 });
    // Meanwhile another release brings the total to 103 and is published first.
    const total = await upload(member.server.url, token, csv(DECISIONS, [year(decision('_T', 103))]), {
      release: 'decisions 2021 total',
      action: 'merge',
    });
    expect(total.report).toMatchObject({ ok: true, carriedCount: 0 });
    await publish('decisions 2021 total');
    // Published now, the Iraqi draft would make the table 103 = 60 + 40 + 3.
    await publish('decisions 2021 iraq');
    const after = await attack('REFUGEE_STATUS_DECISIONS', '2021', { '_T;_T': 103, 'SYR;_T': 60, 'AFG;_T': 40, 'IRQ;_T': 3 });
    expect(after.exposed).toEqual([]);
    expect(after.withheld).toEqual(['AFG;_T', 'IRQ;_T']);
  });

  it('small edits (setObservation) into a published table are protected the same way', async () => {
    const asylum = 'INDICATOR,CITIZENSHIP,SEX,TIME_PERIOD,OBS_VALUE';
    const first = ['ASYLUM_APPLICATIONS,_T,_T,2024,100', 'ASYLUM_APPLICATIONS,SYR,_T,2024,60', 'ASYLUM_APPLICATIONS,AFG,_T,2024,40'];
    expect((await upload(member.server.url, token, csv(asylum, first), { release: 'asylum 2024' })).report).toMatchObject({ ok: true });
    await publish('asylum 2024');
    // Ten cells of other tables make the draft large enough for the edits to be applied in place.
    const filler = Array.from({ length: 10 }, (_, i) => `WORK_PERMITS_ISSUED,_T,_T,${2010 + i},${100 + i}`);
    expect((await upload(member.server.url, token, csv(asylum, filler), { release: 'asylum 2024 late' })).report).toMatchObject({
      ok: true,
    });
    for (const [citizenship, value] of [
      ['_T', 103],
      ['IRQ', 3],
    ] as const) {
      const edit = await admin(
        member.server.url,
        token,
        `mutation { setObservation(release: "asylum 2024 late", indicator: "ASYLUM_APPLICATIONS", period: "2024",
            dimensions: [{ dimension: "CITIZENSHIP", code: "${citizenship}" }], value: ${value}) { ok errors { message } } }`,
      );
      expect(edit.data.setObservation).toEqual({ ok: true, errors: [] });
    }
    await publish('asylum 2024 late');
    const after = await attack('ASYLUM_APPLICATIONS', '2024', { '_T;_T;_T': 103, '_T;SYR;_T': 60, '_T;AFG;_T': 40, '_T;IRQ;_T': 3 });
    expect(after.exposed).toEqual([]);
    // The new total is withheld: the 60 and the 40 stay readable in the history anyway.
    expect(after.withheld).toEqual(['_T;IRQ;_T', '_T;_T;_T']);
  });
});
