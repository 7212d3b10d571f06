import type { SqlSession } from '@migfed/subgraph-kit';

/** Who acted: a focal point's token, or the operator's console (CLI with database access). */
export interface Actor {
  tokenId: number | null;
  name: string;
}

export async function audit(
  session: SqlSession,
  entry: { country: string; actor: Actor; action: string; release: string | null; cells: number; detail?: Record<string, unknown> },
): Promise<void> {
  await session.query(
    `insert into country.audit_log (country, token_id, actor, action, release, cells, detail) values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.country,
      entry.actor.tokenId,
      entry.actor.name,
      entry.action,
      entry.release,
      entry.cells,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  );
}
