import { UserInputError } from '@migfed/subgraph-kit';

/** Error codes of the country subgraph (extensions.code). */
export const codes = {
  UNKNOWN_INDICATOR: 'UNKNOWN_INDICATOR',
  UNKNOWN_DIMENSION: 'UNKNOWN_DIMENSION',
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  INVALID_PERIOD: 'INVALID_PERIOD',
} as const;

export const unknownIndicator = (code: string, known: readonly string[]) =>
  new UserInputError(codes.UNKNOWN_INDICATOR, `Unknown indicator "${code}"; the catalog has: ${known.join(', ')}`, {
    argument: 'indicator',
  });

export const unknownDimension = (indicator: string, dimension: string, known: readonly string[], argument = 'filter') =>
  new UserInputError(
    codes.UNKNOWN_DIMENSION,
    `Indicator ${indicator} has no dimension "${dimension}"; its dimensions are: ${known.join(', ')}`,
    { argument },
  );

export const unknownCode = (dimension: string, code: string, codelist: string) =>
  new UserInputError(codes.UNKNOWN_CODE, `"${code}" is not a code of dimension ${dimension} (codelist ${codelist})`, {
    argument: 'filter',
  });

export const invalidPeriod = (argument: string, message: string) => new UserInputError(codes.INVALID_PERIOD, message, { argument });

// BAD_USER_INPUT: a contradiction within one filter, already among the codes every subgraph lets through.
export const invalidFilter = (dimension: string, message: string) =>
  new UserInputError('BAD_USER_INPUT', `Filter on dimension ${dimension}: ${message}`, { argument: 'filter' });

/** `asOf` outside the years a timestamp can hold here (PostgreSQL refuses year 0 and negative years). */
export const invalidAsOf = (value: Date) =>
  new UserInputError(
    'BAD_USER_INPUT',
    `asOf ${Number.isNaN(value.getTime()) ? 'is not a date' : `(${value.toISOString()}) is outside the years 1900 to 9999`}; give an instant such as 2024-03-01T00:00:00Z`,
    { argument: 'asOf' },
  );
