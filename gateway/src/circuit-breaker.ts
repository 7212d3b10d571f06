// One circuit breaker per subgraph. A member that keeps failing would otherwise cost every
// report the full subgraph timeout; once open, its fetches are skipped at once with an error naming
// it, and after a cool-down one request is let through to see whether it is back.
//
// Hand-written rather than cockatiel or opossum: the states are a dozen lines, what counts as a
// failure is the gateway's own classification (subgraph-errors.ts), tests drive it with a fake clock,
// and the error needs the remaining cool-down; a library would add an adapter for each.

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (0 turns the breaker off). */
  failureThreshold: number;
  /** How long an open circuit skips the subgraph before one probe request is let through. */
  coolDownMs: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The caller may go ahead; it must report the outcome exactly once. */
export interface Admitted {
  admitted: true;
  succeeded(): void;
  failed(): void;
  /**
   * The answer says nothing about the subgraph's health (it refused oversized work): the state
   * and the failure count stay as they are; a probe is released for the next request.
   */
  ignored(): void;
}

/** Skipped: the circuit is open (or another request is already probing it). */
export interface Refused {
  admitted: false;
  failures: number;
  retryInMs: number;
}

export interface CircuitBreaker {
  admit(): Admitted | Refused;
  readonly state: CircuitState;
}

export function createCircuitBreaker({ failureThreshold, coolDownMs, now = Date.now }: CircuitBreakerOptions): CircuitBreaker {
  let failures = 0;
  let openedAt = 0;
  let state: CircuitState = 'closed';
  let probing = false;

  const open = () => {
    state = 'open';
    openedAt = now();
    probing = false;
  };
  const outcome = (probe: boolean): Admitted => {
    let reported = false;
    const once = (fn: () => void) => () => {
      if (!reported) {
        reported = true;
        fn();
      }
    };
    return {
      admitted: true,
      succeeded: once(() => {
        failures = 0;
        state = 'closed';
        probing = false;
      }),
      failed: once(() => {
        failures += 1;
        // A failed probe, or the threshold reached while closed, opens (again) for a full cool-down.
        if (probe || (state === 'closed' && failures >= failureThreshold)) open();
      }),
      ignored: once(() => {
        if (probe) probing = false;
      }),
    };
  };

  return {
    get state() {
      return state;
    },
    admit() {
      if (failureThreshold <= 0 || state === 'closed') return outcome(false);
      const retryInMs = openedAt + coolDownMs - now();
      if (state === 'open' && retryInMs <= 0) state = 'half-open';
      if (state === 'half-open' && !probing) {
        probing = true;
        return outcome(true);
      }
      return { admitted: false, failures, retryInMs: Math.max(0, retryInMs) };
    },
  };
}
