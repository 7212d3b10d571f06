/**
 * A small seeded PRNG, so the demo data is the same on every start and on every machine.
 *
 * Every figure draws from its own stream, keyed by (country, seed, indicator, period), so changing the year
 * range or adding an indicator never shifts the numbers of another series.
 */

/** FNV-1a, 32 bit: enough to spread short keys over the seed space. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny, fast generator with a 32-bit state; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A multiplicative noise factor around 1: exp(sd × N(0, 1)), so it never turns a value negative. */
  noise(sd: number): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const normal = () => {
    const u = Math.max(next(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    normal,
    noise: (sd) => Math.exp(sd * normal()),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

/** The stream for one series: the same keys always give the same numbers. */
export function rngFor(...keys: Array<string | number>): Rng {
  return createRng(hashString(keys.join('|')));
}
