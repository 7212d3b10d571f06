/** Where the committed supergraph of a region lives: `schema/supergraph/<region>.graphql`. */
export function supergraphPath(region: string): string {
  return new URL(`../supergraph/${region}.graphql`, import.meta.url).pathname;
}
