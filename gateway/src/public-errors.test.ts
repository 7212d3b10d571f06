import { describe, expect, it } from 'vitest';
import { createPublicErrorFormatter, scrubAddresses } from './public-errors.js';

const quiet = { warn: () => {} };

describe('errors shown to the public', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:4107', 'connect ECONNREFUSED [internal address]'],
    ['request to http://mda.internal:4107/graphql failed', 'request to [internal address] failed'],
    ['socket hang up [::1]:4001', 'socket hang up [internal address]'],
    ['localhost:5432 refused', '[internal address] refused'],
    ['Unknown indicator "X" for 2023', 'Unknown indicator "X" for 2023'],
  ])('%s', (raw, shown) => {
    expect(scrubAddresses(raw)).toBe(shown);
  });

  it('names the subgraph instead of its address, and drops internal extensions', () => {
    const format = createPublicErrorFormatter(quiet);
    const shown = format(
      {
        message: 'Country MDA: fetch to 10.0.4.7:4107 failed',
        extensions: {
          code: 'SUBGRAPH_ERROR',
          subgraph: 'country_mda',
          response: { url: 'http://10.0.4.7:4107/graphql' },
          stacktrace: ['at x'],
        },
      },
      new Error('x'),
    );
    expect(shown).toEqual({
      message: 'Country MDA: fetch to [country_mda] failed',
      extensions: { code: 'SUBGRAPH_ERROR', subgraph: 'country_mda' },
    });
  });

  it('replaces a message that carries SQL', () => {
    const format = createPublicErrorFormatter(quiet);
    const shown = format(
      { message: 'Failed query: select value from country.observations where country = $1', extensions: { subgraph: 'country_mda' } },
      undefined,
    );
    expect(shown.message).toBe('country_mda failed internally; the details are in its log');
    expect(format({ message: 'relation "country.releases" does not exist' }, undefined).message).toBe('Internal server error');
    // Ordinary words are not SQL.
    expect(format({ message: 'select a member from the list' }, undefined).message).toBe('select a member from the list');
  });
});
