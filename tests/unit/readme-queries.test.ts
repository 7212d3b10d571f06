// Every GraphQL example in the README must be valid against the graph the gateway serves, so the
// first thing a newcomer pastes into the explorer works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supergraphPath } from '@migfed/schema';
import { buildASTSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
// The supergraph file declares its join directives, so graphql-js builds it as it is; operations
// valid against it are valid against the API schema the gateway serves.
const schema = buildASTSchema(parse(readFileSync(supergraphPath('dsm'), 'utf8')));

describe('README GraphQL examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((text, i) => [i + 1, text] as const))('example %i validates against the DSM graph', (_i, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });
});
