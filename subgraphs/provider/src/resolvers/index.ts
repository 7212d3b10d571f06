import type { Context } from '../context.js';
import { asylumApplicationsComparison, type CountryWithNationalFigures } from './Comparison.js';
import { UndesaStatistics } from './Undesa.js';
import { UnhcrStatistics } from './Unhcr.js';

/**
 * `Country` is an @interfaceObject here: the gateway sends `{ __typename: "Country", iso3, … }`
 * for any member, and this provider answers for every country it has figures for.
 */
const reference = (ref: CountryWithNationalFigures) => ref;

/** The resolvers of one provider's deployment: only the fields its SDL has (providerSdl). */
export function createResolvers(provider: string) {
  if (provider === 'unhcr') {
    return {
      Country: {
        __resolveReference: reference,
        unhcr: (c: CountryWithNationalFigures) => ({ coa: c.iso3 }),
        asylumApplicationsComparison: (c: CountryWithNationalFigures, args: { year: number; release?: string | null }, ctx: Context) =>
          asylumApplicationsComparison(c, args, ctx),
      },
      UnhcrStatistics,
    };
  }
  if (provider === 'undesa') {
    return {
      Country: { __resolveReference: reference, undesa: (c: CountryWithNationalFigures) => ({ coa: c.iso3 }) },
      UndesaStatistics,
    };
  }
  throw new Error(`Unknown provider "${provider}"`);
}
