import { UserInputError } from '@migfed/subgraph-kit';

/** Codes the kit passes through to clients (subgraphs/kit/src/errors.ts); nothing else leaves unmasked. */
export const unknownRelease = (provider: string, label: string, known: readonly string[]) =>
  new UserInputError(
    'NOT_FOUND',
    `${provider.toUpperCase()} has no release "${label}" here; imported releases: ${known.length > 0 ? known.join(', ') : 'none'}`,
    { argument: 'release' },
  );

export const badArgument = (argument: string, message: string) => new UserInputError('BAD_USER_INPUT', message, { argument });
