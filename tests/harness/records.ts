// Talking to a member's private records routes (/admin/records) the way the CLI does.

/** Uploads a records file to /admin/records/imports and returns the HTTP status with the answer. */
export async function uploadRecords(
  subgraphUrl: string,
  token: string | undefined,
  body: string,
  params: { kind: string; dryRun?: boolean; codes?: string },
  // biome-ignore lint/suspicious/noExplicitAny: the report's shape is stated by each test's assertions
): Promise<{ status: number; body: any }> {
  const url = new URL('/admin/records/imports', subgraphUrl);
  url.searchParams.set('kind', params.kind);
  if (params.dryRun) url.searchParams.set('dryRun', '1');
  if (params.codes) url.searchParams.set('codes', params.codes);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** Asks /admin/records/derive for a draft release derived from the member's records. */
export async function derive(
  subgraphUrl: string,
  token: string | undefined,
  params: { release: string; from?: string; to?: string; extractedAt?: string },
  // biome-ignore lint/suspicious/noExplicitAny: the report's shape is stated by each test's assertions
): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL('/admin/records/derive', subgraphUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: await res.json() };
}

export const CROSSINGS_HEADER =
  'RECORD_ID,PERSON_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR,PARTNER_COUNTRY';
export const PERMITS_HEADER = 'RECORD_ID,PERSON_ID,PERMIT_TYPE,REASON,DECIDED_ON,VALID_FROM,VALID_TO,CITIZENSHIP,SEX,BIRTH_YEAR';
