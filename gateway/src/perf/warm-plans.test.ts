import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { supergraphPath } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { reportQuery } from '../../reports/app/queries.js';
import { createGateway } from '../gateway.js';
import { productOperations, warmPlans } from './warm-plans.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('plans warmed at start', () => {
  it('puts the report plan where @apollo/gateway looks for it, with and without the operation name', async () => {
    const supergraphSdl = readFileSync(supergraphPath('dsm'), 'utf8');
    const gateway = createGateway({ supergraphSdl, subgraphTimeoutMs: 1000, perf: { warmPlans: false } });
    await gateway.load();
    const store = (gateway as unknown as { queryPlanStore: { get(k: string): Promise<unknown> } }).queryPlanStore;
    const query = reportQuery(false);
    // The executor's key (dist/index.js): sha256(queryHash + operationName), or queryHash alone.
    const named = createHash('sha256').update(sha256(query)).update('Report').digest('hex');
    expect(await store.get(named)).toBeUndefined();

    const result = await warmPlans(gateway, productOperations(supergraphSdl));
    expect(result.skipped).toEqual([]);
    expect(result.planned).toBe(productOperations(supergraphSdl).length);
    expect(await store.get(named)).toMatchObject({ kind: 'QueryPlan' });
    expect(await store.get(sha256(query))).toMatchObject({ kind: 'QueryPlan' });
    await gateway.stop();
  });

  it('skips an operation the graph cannot answer and says why', async () => {
    const supergraphSdl = readFileSync(supergraphPath('dsm'), 'utf8');
    const gateway = createGateway({ supergraphSdl, subgraphTimeoutMs: 1000, perf: { warmPlans: false } });
    await gateway.load();
    const result = await warmPlans(gateway, ['query Nope { nothingHere }']);
    expect(result.planned).toBe(0);
    expect(result.skipped[0]).toMatch(/nothingHere/);
    await gateway.stop();
  });
});
