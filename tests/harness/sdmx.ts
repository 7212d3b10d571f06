// SDMX test helpers: fetch a path of the gateway's /sdmx API, and validate SDMX-ML with xmllint
// against the official SDMX-ML 2.1 schemas (or a schema generated for a DSD).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedData } from '../fixtures/provider-data.js';

export const SDMX_SCHEMAS = join(sharedData, 'sdmx-ml-2.1');
export const SDMX_MESSAGE_XSD = join(SDMX_SCHEMAS, 'SDMXMessage.xsd');

export interface SdmxResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** GET `${origin}/sdmx/${path}` with optional headers. */
export async function sdmxGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<SdmxResponse> {
  const res = await fetch(`${origin}/sdmx/${path}`, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Validates an XML document; returns xmllint's complaint, or '' when it validates. */
export function xmlSchemaErrors(xml: string, schema = SDMX_MESSAGE_XSD): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdmx-'));
  try {
    const file = join(dir, 'message.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { stdio: 'pipe' });
    return '';
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gateway's origin from a stack's GraphQL URL. */
export const originOf = (graphqlUrl: string) => new URL(graphqlUrl).origin;
