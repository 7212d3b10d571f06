// Uploads fail fast and small: a header of 199,000 unknown columns gets a short answer, a bad header
// on a large upload is answered at once (Connection: close) while the client is still sending,
// files that are not UTF-8 CSV are named for what they are, and gzip-compressed uploads are read
// when Content-Encoding says so. Real member subgraph over a real PostgreSQL.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ImportReportLine, memberSubgraph, tokenFor } from '../harness/publishing.js';

const GOOD = 'INDICATOR,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,2023,4210\n';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Milliseconds from the start of the request until the answer's headers arrived. */
  answeredAfterMs: number;
  /** Bytes of the body the client had handed to the socket when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * POSTs `chunks` to /admin/imports on a connection of its own, writing as fast as the socket takes
 * them, and stops writing as soon as the answer arrives (as a client that reads its answer would).
 */
function post(url: string, token: string, chunks: Iterable<Buffer>, headers: Record<string, string> = {}, query = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const req = request(
      new URL(`/admin/imports${query}`, url),
      { method: 'POST', agent: false, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        answered = true;
        const answeredAfterMs = performance.now() - started;
        const sentWhenAnswered = sent;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, answeredAfterMs, sentWhenAnswered }));
        res.on('error', reject);
      },
    );
    // A reset after the answer is the server closing a connection we were still writing to.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (answered) return req.destroyed ? undefined : req.end();
        const next = iterator.next();
        if (next.done) return req.end();
        sent += next.value.length;
        if (!req.write(next.value)) return req.once('drain', pump);
      }
    };
    pump();
  });
}

const report = (a: Answer) =>
  a.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string })
    .find((l) => l.type === 'report') as ImportReportLine;

describe('uploads fail fast and small', () => {
  const member = memberSubgraph('upload_limits');
  let token: string;
  const cells = async () => (await member.sql<{ n: number }[]>`select count(*)::int as n from country.observations`)[0]!.n;

  beforeAll(async () => {
    token = await tokenFor(member.db.handle, 'MDA');
  });

  it('answers a header of 199,000 unknown columns in a few kilobytes, with the count', async () => {
    const header = `INDICATOR,TIME_PERIOD,OBS_VALUE,${Array.from({ length: 199_000 }, (_, i) => `X${i}`).join(',')}\n`;
    const answer = await post(member.server.url, token, [Buffer.from(header), Buffer.from('WORK_PERMITS_ISSUED,2023,1\n')]);
    expect(answer.status).toBe(200);
    expect(answer.text.length).toBeLessThan(100_000);
    const r = report(answer);
    expect(r.ok).toBe(false);
    expect(r.errorCount).toBe(199_000);
    expect(r.errors.length).toBeLessThanOrEqual(500);
    expect(r.errors[0]).toMatchObject({
      line: 1,
      column: 'X0',
      message: expect.stringMatching(/^unknown column "X0"; expected INDICATOR/),
    });
    expect(r.errors[1]).toMatchObject({ line: 1, column: 'X1', message: 'unknown column "X1"' });
  });

  it('answers a bad header on a large upload at once, with Connection: close, while the client is still sending', async () => {
    const total = 512 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 'WORK_PERMITS_ISSUED,2023,1\n');
    function* upload() {
      yield Buffer.from('INDICATOR,PERIOD,OBS_VALUE\n');
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
    }
    const answer = await post(member.server.url, token, upload());
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    // Answered long before 512 MB could have been sent, and the answer is readable (no reset).
    expect(answer.sentWhenAnswered).toBeLessThan(total / 4);
    const r = report(answer);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^unknown column "PERIOD"/),
      'the header has no TIME_PERIOD column',
    ]);
  });

  it('answers a refused token on a large upload the same way', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    function* upload() {
      for (let i = 0; i < 512; i++) yield chunk;
    }
    const answer = await post(member.server.url, 'mf_mda_not-a-token', upload());
    expect(answer.status).toBe(403);
    expect(answer.headers.connection).toBe('close');
    expect(answer.sentWhenAnswered).toBeLessThan(128 * 1024 * 1024);
    expect(JSON.parse(answer.text).error.message).toMatch(/token/);
  });

  const utf16le = (text: string) => Buffer.from(text, 'utf16le');
  it.each([
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(GOOD)]), /the file is UTF-16; save it as UTF-8/],
    [
      'UTF-16 big-endian with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(GOOD).swap16()]),
      /the file is UTF-16; save it as UTF-8/,
    ],
    ['UTF-16 without a BOM', utf16le(GOOD), /the file is UTF-16; save it as UTF-8/],
    ['a gzip file sent as it is', gzipSync(GOOD), /the file is compressed \(gzip\)/],
    ['an Excel workbook', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]), /ZIP archive .*CSV UTF-8/],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), /not a CSV text file/],
    ['CR-only line ends', Buffer.from(GOOD.replaceAll('\n', '\r')), /lines end with CR only/],
    ['binary bytes', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x10, 0x00, 0x00, 0x41, 0x00, 0x0a]), /not text/],
    ['Latin-1 text', Buffer.from('INDICATOR,TIME_PERIOD,OBS_VALUE,D\xc9CISION\n', 'latin1'), /not valid UTF-8; save the file as UTF-8/],
  ])('names %s for what it is, not as unknown columns', async (_case, body, message) => {
    const before = await cells();
    const r = report(await post(member.server.url, token, [body]));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ severity: 'error', line: 1, message: expect.stringMatching(message) }]);
    expect(await cells()).toBe(before);
  });

  it('reads a gzip-compressed upload when Content-Encoding says so', async () => {
    const answer = await post(member.server.url, token, [gzipSync(GOOD)], { 'content-encoding': 'gzip' }, '?release=gzipped');
    expect(report(answer)).toMatchObject({ ok: true, written: 1, release: 'gzipped' });
  });

  it('says so when the data is not the gzip its Content-Encoding claims, and writes nothing', async () => {
    const before = await cells();
    const answer = await post(member.server.url, token, [Buffer.from(GOOD)], { 'content-encoding': 'gzip' }, '?release=broken');
    const r = report(answer);
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toMatch(/says Content-Encoding: gzip but is not valid gzip data/);
    expect(await cells()).toBe(before);
  });

  it('refuses an encoding it cannot read with 415', async () => {
    const answer = await post(member.server.url, token, [Buffer.from(GOOD)], { 'content-encoding': 'br' });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.text).error.message).toMatch(/Content-Encoding "br" is not supported/);
  });
});
