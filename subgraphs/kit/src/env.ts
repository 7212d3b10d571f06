/**
 * The one place where every service (gateway, registry, country, provider) turns environment strings into
 * typed values. It collects every problem instead of stopping at the first, so an operator fixes a
 * deployment's configuration in one round.
 */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Record<string, string | undefined>) {}

  /** Trimmed value; '' counts as unset. */
  str(name: string, fallback?: string): string | undefined {
    const raw = this.env[name]?.trim();
    return raw === undefined || raw === '' ? fallback : raw;
  }

  required(name: string, hint: string): string {
    const value = this.str(name);
    if (value === undefined) this.problems.push(`${name} is required (${hint})`);
    return value ?? '';
  }

  /** A whole number within [min, max], written in decimal digits ("0x10", "1e3" and "+5" are refused). */
  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** 1/true/yes/on are true; 0/false/no/off are false; anything else is a problem. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be 1/0, true/false, yes/no or on/off, got "${raw}"`);
    return fallback;
  }

  /** Throws one error listing every problem found so far. */
  done(what: string): void {
    if (this.problems.length > 0) {
      throw new Error(`${what}: invalid configuration:\n- ${this.problems.join('\n- ')}`);
    }
  }
}
