import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCatalog } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { parseRecordHeader } from './kinds.js';
import { RecordShaper } from './shaper.js';

const catalog = loadCatalog();
const HEADER = 'RECORD_ID,PERSON_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR,PARTNER_COUNTRY';

/** Runs a crossings body through the shaper in chunks of `size` characters; returns the COPY rows and the shaper. */
async function shape(body: string, size: number) {
  const shaper = new RecordShaper(parseRecordHeader('crossings', HEADER, catalog), catalog, { key: undefined, codes: undefined });
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) chunks.push(Buffer.from(body.slice(i, i + size)));
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    shaper,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return { copy: Buffer.concat(out).toString('utf8'), shaper };
}

describe('the records shaper', () => {
  const body = [
    'C1,P1,2023-01-10T08:00:00+05:00,EXIT,AIR,"Dushanbe, airport",TJK,M,1990,RUS',
    'C2,P1,2023-02-10T08:00:00+05:00,ENTRY,LAND,"Fotehobod',
    'north gate",tjk,F,1991,',
    'C3,P2,2023-03-10T08:00:00+05:00,SIDEWAYS,AIR,DYU,ZZZ,M,1990,RUS',
    'C4,P3,2023-03-11T08:00:00+05:00,SIDEWAYS,AIR,DYU,ZZZ,M,1990,RUS',
    'C5,P4,2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,,',
  ].join('\n');

  it('gives the same rows and the same problems, on the right lines, however the file is cut', async () => {
    const whole = await shape(body, body.length);
    expect(whole.copy.split('\n').filter(Boolean)).toEqual([
      '2,C1,i:P1,2023-01-10T08:00:00+05:00,300,EXIT,AIR,"Dushanbe, airport",TJK,M,1990,RUS',
      '3,C2,i:P1,2023-02-10T08:00:00+05:00,300,ENTRY,LAND,"Fotehobod',
      'north gate",TJK,F,1991,',
      '5,C3,,,,,,,,,,',
      '6,C4,,,,,,,,,,',
      '7,C5,i:P4,2023-03-12T08:00:00+05:00,300,ENTRY,AIR,DYU,TJK,M,,',
    ]);
    // A value seen before is reported again on every line that carries it.
    expect(whole.shaper.problems.map((p) => `${p.line}:${p.column}`)).toEqual([
      '5:DIRECTION',
      '5:CITIZENSHIP',
      '6:DIRECTION',
      '6:CITIZENSHIP',
    ]);
    expect(whole.shaper.rows).toBe(3);
    for (const size of [1, 7, 64]) {
      const cut = await shape(body, size);
      expect(cut.copy).toBe(whole.copy);
      expect(cut.shaper.problems).toEqual(whole.shaper.problems);
    }
  });
});
