import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCatalog } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { parseHeader } from './header.js';
import { ImportRejected } from './problems.js';
import { CellShaper } from './records.js';

const catalog = loadCatalog();

/** Runs a file body through the shaper in chunks of `size` bytes; returns the COPY rows and the shaper. */
async function shape(header: string, body: string | Buffer, size = 1 << 16) {
  const shaper = new CellShaper(parseHeader(header, catalog), catalog);
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    shaper,
    new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return { rows: records(Buffer.concat(out).toString('utf8')), shaper };
}

/** COPY rows: line breaks inside quotes belong to the field. */
function records(text: string): string[] {
  const rows: string[] = [];
  let row = '';
  for (const part of text.split('\n')) {
    row = row === '' ? part : `${row}\n${part}`;
    if ((row.match(/"/g)?.length ?? 0) % 2 === 0) {
      if (row !== '') rows.push(row);
      row = '';
    }
  }
  return rows;
}

const HEADER = 'DATAFLOW,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS';

describe('CellShaper', () => {
  it('writes line, indicator, series key (codes in dimension-name order), period, value and statuses', async () => {
    const { rows } = await shape(
      HEADER,
      ['X,WORK_PERMITS_ISSUED,F,UKR,2023,1200,a,', 'X,WORK_PERMITS_ISSUED, M , _T ,2023,35.5,,f', ''].join('\n'),
    );
    // CITIZENSHIP sorts before SEX; empty statuses are A and F; codes and statuses are trimmed.
    expect(rows).toEqual(['2,WORK_PERMITS_ISSUED,UKR;F,2023,1200,,A,F,', '3,WORK_PERMITS_ISSUED,_T;M,2023,35.5,,A,F,']);
  });

  it('keeps a value that is not a plain number as text for the checks, and an empty one as an empty string', async () => {
    const { rows } = await shape(HEADER, 'X,WORK_PERMITS_ISSUED,F,UKR,2023,12a,A,F\nX,WORK_PERMITS_ISSUED,M,UKR,2023,,O,F\n');
    expect(rows).toEqual(['2,WORK_PERMITS_ISSUED,UKR;F,2023,,"12a",A,F,', '3,WORK_PERMITS_ISSUED,UKR;M,2023,,"",O,F,']);
  });

  it('gives a dimension the file lacks its total, and keeps codes for dimensions the indicator does not have apart', async () => {
    const header = 'INDICATOR,SEX,TIME_PERIOD,OBS_VALUE';
    const { rows } = await shape(header, 'WORK_PERMITS_ISSUED,F,2023,5\nRETURNS,F,2023,7\nRETURNS,_T,2023,9\n');
    expect(rows).toEqual(['2,WORK_PERMITS_ISSUED,_T;F,2023,5,,A,F,', '3,RETURNS,_T;_T,2023,7,,A,F,SEX=F', '4,RETURNS,_T;_T,2023,9,,A,F,']);
  });

  it('splits quoted fields as PostgreSQL does, counting the lines inside them, and quotes what COPY needs quoted', async () => {
    const body = [
      'X,"WORK_PERMITS,ISSUED",F,UKR,2023,1,A,F',
      'X,"multi',
      'line",F,UKR,2023,"say ""2""",A,F',
      'X,WORK_PERMITS_ISSUED,F,UKR,2024,3,A,F',
    ].join('\n');
    const { rows } = await shape(HEADER, body);
    expect(rows[0]).toBe('2,"WORK_PERMITS,ISSUED",UKR;F,2023,1,,A,F,');
    expect(rows[1]).toBe('3,"multi\nline",UKR;F,2023,,"say ""2""",A,F,');
    expect(rows[2]).toBe('5,WORK_PERMITS_ISSUED,UKR;F,2024,3,,A,F,');
  });

  it('reads ";" files, where a field may hold a comma, and CRLF line ends', async () => {
    const header = 'DATAFLOW;INDICATOR;SEX;CITIZENSHIP;TIME_PERIOD;OBS_VALUE;OBS_STATUS;CONF_STATUS';
    const { rows } = await shape(header, 'X;WORK_PERMITS_ISSUED;F;UKR;2023;1,5;A;F\r\nX;WORK_PERMITS_ISSUED;M;UKR;2023;7;A;F\r\n');
    expect(rows).toEqual(['2,WORK_PERMITS_ISSUED,UKR;F,2023,,"1,5",A,F,', '3,WORK_PERMITS_ISSUED,UKR;M,2023,7,,A,F,']);
  });

  it('gives the same rows whatever the chunk boundaries, multi-byte characters and quoted line breaks included', async () => {
    const lines = [
      'X,WORK_PERMITS_ISSUED,F,UKR,2023,1,A,F',
      'X,"Çé ✓",F,UKR,2023,2,A,F',
      '',
      'X,"a',
      'b",M,UKR,2023,3,A,F',
      'X,WORK_PERMITS_ISSUED,F,MDA,2023,4,A,F',
    ];
    const body = `${lines.join('\r\n')}\n`;
    const whole = await shape(HEADER, body);
    for (const size of [1, 2, 3, 7, 13]) expect((await shape(HEADER, body, size)).rows).toEqual(whole.rows);
    expect(whole.rows.map((r) => r.split(',')[0])).toEqual(['2', '3', '5', '7']);
  });

  it('reports a row with the wrong number of fields by its line, and leaves it out', async () => {
    const { rows, shaper } = await shape(
      HEADER,
      'X,WORK_PERMITS_ISSUED,F,UKR,2023,1,A,F\n\nX,oops,2023\nX,WORK_PERMITS_ISSUED,M,UKR,2023,2,A,F\n',
    );
    expect(rows.map((r) => r.split(',')[0])).toEqual(['2', '5']);
    expect(shaper.problems).toEqual([{ severity: 'error', line: 4, message: 'this row has 3 fields; the header has 8' }]);
    expect(shaper.rows).toBe(2);
  });

  it('rejects invalid UTF-8, a NUL byte and an unterminated quote, saying where', async () => {
    const bad = Buffer.concat([
      Buffer.from('X,WORK_PERMITS_ISSUED,F,UKR,2023,1,A,F\nX,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',F,UKR,2023,1,A,F\n'),
    ]);
    await expect(shape(HEADER, bad)).rejects.toMatchObject({ problems: [{ line: 3, message: expect.stringMatching(/not valid UTF-8/) }] });
    await expect(shape(HEADER, 'X,WORK\u0000,F,UKR,2023,1,A,F\n')).rejects.toBeInstanceOf(ImportRejected);
    await expect(shape(HEADER, 'X,WORK_PERMITS_ISSUED,F,UKR,2023,1,A,F\nX,"open,F,UKR,2023,1,A,F\n')).rejects.toMatchObject({
      problems: [{ line: 3, message: 'a quoted field starting here is never closed' }],
    });
  });
});
