import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCatalog } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { parseRecordHeader } from './kinds.js';
import { RecordShaper } from './shaper.js';

const catalog = loadCatalog();
const HEADER = 'RECORD_ID,PERSON_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR,PARTNER_COUNTRY';
const PERMITS = 'PERSON_ID,RECORD_ID,PERMIT_TYPE,REASON,DECIDED_ON,VALID_FROM,VALID_TO,CITIZENSHIP,SEX,BIRTH_YEAR';

/** Runs a crossings body through the shaper in chunks of `size` characters; returns the COPY rows and the shaper. */
async function shape(body: string | Buffer, size: number, bytes = true, kind: 'crossings' | 'permits' = 'crossings') {
  const header = kind === 'crossings' ? HEADER : PERMITS;
  const shaper = new RecordShaper(parseRecordHeader(kind, header, catalog), catalog, { key: undefined, codes: undefined });
  // The general path alone, over decoded text, for comparison with the fast path over bytes.
  if (!bytes) Object.assign(shaper, { fast: false });
  const chunks: Buffer[] = [];
  const all = Buffer.from(body);
  for (let i = 0; i < all.length; i += size) chunks.push(all.subarray(i, i + size));
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
      '2,C1,i:P1,2023-01-10T08:00:00+05:00,EXIT,AIR,"Dushanbe, airport",TJK,M,1990,RUS,300',
      '3,C2,i:P1,2023-02-10T08:00:00+05:00,ENTRY,LAND,"Fotehobod',
      'north gate",TJK,F,1991,,300',
      '5,C3,-,1970-01-01T00:00:00Z,-,-,-,-,-,,,0',
      '6,C4,-,1970-01-01T00:00:00Z,-,-,-,-,-,,,0',
      '7,C5,i:P4,2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,,,300',
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

  it('gives over bytes the rows and problems it gives over text, for every kind of record', async () => {
    const plain = [
      'C1,P1,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU,TJK,M,1990,RUS',
      'C2,P1,2023-02-10T08:00:00-03:30,ENTRY,LAND,Fotehobod,tjk,F,1991,',
      'C3,P2,2023-03-10T08:00:00Z,ENTRY,AIR,DYU,RUS,M,,',
      'C4, P3 ,2023-03-11T08:00:00+05:00,EXIT,AIR,DYU,TJK,M,1990,RUS\r',
      'C5,P4,2023-02-30T08:00:00+05:00,ENTRY,AIR,Душанбе,TJK,X,1990,UNK',
      '',
      'C6,P5,2023-03-12T08:00:00+15:00,SIDEWAYS,_T,DYU,TJK,M,19x0,RUS',
      ',,2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,RUS',
      'C8,P6,2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990',
      'C9,P7,2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,RUS,',
      `C10,${'P'.repeat(101)},2023-03-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,RUS`,
      'C11,P8,2024-02-29T23:59:59+14:00,EXIT,LAND,DYU,TJK,M,1990,RUS',
    ].join('\n');
    const text = await shape(plain, plain.length, false);
    expect(text.shaper.rows).toBe(5);
    expect(text.copy).toContain('2,C1,i:P1,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU,TJK,M,1990,RUS,300\n');
    expect(text.copy).toContain('3,C2,i:P1,2023-02-10T08:00:00-03:30,ENTRY,LAND,Fotehobod,TJK,F,1991,,-210\n');
    for (const size of [plain.length, 1, 5, 64]) {
      const bytes = await shape(plain, size);
      expect(bytes.copy).toBe(text.copy);
      expect(bytes.shaper.problems).toEqual(text.shaper.problems);
      expect(bytes.shaper.rows).toBe(text.shaper.rows);
    }
  });

  it('names the line of bytes that are not UTF-8, however the file is cut', async () => {
    const good = 'C1,P1,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU,TJK,M,1990,RUS\n';
    const body = Buffer.concat([
      Buffer.from(`${good}${good.replace('C1', 'C2')}C3,P2,2023-01-10T08:00:00+05:00,EXIT,AIR,`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`,TJK,M,1990,RUS\n${good.replace('C1', 'C4')}`),
    ]);
    for (const size of [body.length, 1, 7, 64])
      await expect(shape(body, size), `chunks of ${size}`).rejects.toMatchObject({
        problems: [{ line: 4, message: expect.stringMatching(/not valid UTF-8/) }],
      });
  });

  it('gives over bytes the permits rows and problems it gives over text, the person in any column', async () => {
    const plain = [
      'P1,R1,RESIDENCE,FAM,2023-03-01,2023-03-10,,RUS,F,1986',
      'P1,W1,WORK,EMP,2023-04-01,2023-04-01,2024-03-31,RUS,F,1986',
      'P2,R2,RESIDENCE,EDUC,2023-03-01,2023-03-10,2023-03-01,RUS,F,1986',
      'P3,R3,RESIDENCE,EDUC,2023-03-01,2023-03-10,2023-03-10,UZB,M,',
      'P4,R4,RESIDENCE,NOPE,2023-02-29,2023-03-10,,UZB,M,1990',
    ].join('\n');
    const text = await shape(plain, plain.length, false, 'permits');
    expect(text.shaper.rows).toBe(3);
    expect(text.copy).toContain('3,i:P1,W1,WORK,EMP,2023-04-01,2023-04-01,2024-03-31,RUS,F,1986\n');
    expect(text.shaper.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['4:VALID_TO', '6:REASON', '6:DECIDED_ON']);
    for (const size of [plain.length, 3, 50]) {
      const bytes = await shape(plain, size, true, 'permits');
      expect(bytes.copy).toBe(text.copy);
      expect(bytes.shaper.problems).toEqual(text.shaper.problems);
    }
  });

  it.each([
    ['with quotes', true],
    ['without quotes', false],
  ])('gives over bytes what it gives over text for thousands of damaged records, %s', async (_name, quotes) => {
    let seed = quotes ? 7 : 8;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    // Quotes send a whole chunk to the general path: the damage has them only in one run.
    const damage = ['', ' ', ',', '\r', 'x', '0', '9', '-', 'é', ':', 'Z', '+', ...(quotes ? ['"'] : [])];
    const records: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      let r = `C${i},P${i % 97},20${10 + next(20)}-0${1 + next(9)}-${10 + next(22)}T${next(2)}${next(10)}:${10 + next(50)}:${10 + next(50)}+0${next(6)}:${next(2) ? '00' : '30'},${next(2) ? 'ENTRY' : 'EXIT'},${next(2) ? 'AIR' : 'LAND'},point ${next(5)},${['TJK', 'RUS', 'uzb', 'XXA'][next(4)]},${['M', 'F', 'X'][next(3)]},${next(5) ? 1950 + next(60) : ''},${next(3) ? 'RUS' : ''}`;
      // Two records in three keep their shape; the others get a character replaced or added,
      // anywhere or at either end of a field.
      for (let k = next(3) === 0 ? 1 + next(2) : 0; k > 0; k -= 1) {
        const commas = [...r.matchAll(/,/g)].map((m) => m.index);
        const at = next(2) ? next(r.length) : commas[next(commas.length)]! + next(2);
        r = r.slice(0, at) + damage[next(damage.length)] + r.slice(at + next(2));
      }
      records.push(r);
    }
    // Quotes are balanced per record so that a record never swallows the rest of the file.
    const body = records.map((r) => ((r.match(/"/g)?.length ?? 0) % 2 ? `${r}"` : r)).join('\n');
    const text = await shape(body, body.length, false);
    expect(text.shaper.rows).toBeGreaterThan(500);
    expect(text.shaper.problemCount).toBeGreaterThan(500);
    for (const size of [body.length, 4096, 333]) {
      const bytes = await shape(body, size);
      expect(bytes.copy).toBe(text.copy);
      expect(bytes.shaper.problems).toEqual(text.shaper.problems);
      expect([bytes.shaper.rows, bytes.shaper.problemCount]).toEqual([text.shaper.rows, text.shaper.problemCount]);
    }
  });
});
