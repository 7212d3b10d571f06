import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

function breaker(failureThreshold = 3, coolDownMs = 1000) {
  const clock = { now: 0 };
  return { clock, b: createCircuitBreaker({ failureThreshold, coolDownMs, now: () => clock.now }) };
}
const fail = (b: ReturnType<typeof createCircuitBreaker>) => {
  const t = b.admit();
  if (!t.admitted) throw new Error('expected to be admitted');
  t.failed();
};

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and skips at once, saying when it retries', () => {
    const { clock, b } = breaker();
    fail(b);
    fail(b);
    expect(b.state).toBe('closed');
    fail(b);
    expect(b.state).toBe('open');
    clock.now = 400;
    expect(b.admit()).toEqual({ admitted: false, failures: 3, retryInMs: 600 });
  });

  it('a success in between resets the count', () => {
    const { b } = breaker();
    fail(b);
    fail(b);
    const t = b.admit();
    if (t.admitted) t.succeeded();
    fail(b);
    fail(b);
    expect(b.state).toBe('closed');
  });

  it('after the cool-down lets exactly one probe through; its success closes the circuit', () => {
    const { clock, b } = breaker();
    for (let i = 0; i < 3; i += 1) fail(b);
    clock.now = 1000;
    const probe = b.admit();
    expect(probe.admitted).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.admit().admitted).toBe(false); // others are still skipped while the probe runs
    if (probe.admitted) probe.succeeded();
    expect(b.state).toBe('closed');
    expect(b.admit().admitted).toBe(true);
  });

  it('a failed probe opens the circuit for another full cool-down', () => {
    const { clock, b } = breaker();
    for (let i = 0; i < 3; i += 1) fail(b);
    clock.now = 1500;
    fail(b);
    expect(b.state).toBe('open');
    clock.now = 2000;
    expect(b.admit()).toMatchObject({ admitted: false, retryInMs: 500 });
  });

  it('reports an outcome only once', () => {
    const { b } = breaker(1);
    const t = b.admit();
    if (!t.admitted) throw new Error('expected to be admitted');
    t.succeeded();
    t.failed();
    expect(b.state).toBe('closed');
  });

  it('an ignored outcome (a refusal of oversized work) neither resets the count nor adds to it', () => {
    const { b } = breaker();
    fail(b);
    fail(b);
    for (let i = 0; i < 10; i += 1) {
      const t = b.admit();
      if (!t.admitted) throw new Error('expected to be admitted');
      t.ignored();
    }
    expect(b.state).toBe('closed');
    fail(b);
    expect(b.state).toBe('open');
  });

  it('an ignored probe leaves the circuit half-open and lets the next request probe', () => {
    const { clock, b } = breaker(1);
    fail(b);
    clock.now = 1000;
    const probe = b.admit();
    if (!probe.admitted) throw new Error('expected a probe');
    probe.ignored();
    expect(b.state).toBe('half-open');
    const next = b.admit();
    expect(next.admitted).toBe(true);
    if (next.admitted) next.succeeded();
    expect(b.state).toBe('closed');
  });

  it('threshold 0 turns it off', () => {
    const { b } = breaker(0);
    for (let i = 0; i < 10; i += 1) fail(b);
    expect(b.admit().admitted).toBe(true);
  });
});
