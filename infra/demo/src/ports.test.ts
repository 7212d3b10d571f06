import { describe, expect, it } from 'vitest';
import { checkDemoPort } from './ports.js';

// The DSM demo: 9 members and 2 providers above the gateway's port.
const check = (raw: string) => checkDemoPort(raw, 9, 2);

describe('the demo --port', () => {
  it('accepts the usual ports', () => {
    expect(check('4000')).toBe(4000);
    expect(check('8080')).toBe(8080);
  });

  it('refuses a port browsers refuse, naming it and the nearest one that works', () => {
    expect(() => check('6000')).toThrow(/--port 6000: browsers refuse port 6000 .*; try --port 6001$/);
    expect(() => check('6665')).toThrow(/browsers refuse port 6665.*try --port 6670$/);
  });

  it('refuses a port whose members or providers would land on one browsers refuse', () => {
    // 4089 puts the first member at 4190, 5999 the registry at 6000.
    expect(() => check('4089')).toThrow(/--port 4089: the member 1 would listen on port 4190, which browsers refuse/);
    expect(() => check('5999')).toThrow(/the registry would listen on port 6000/);
  });

  it('refuses what is not a port, and a base too high for the members above it', () => {
    expect(() => check('http')).toThrow(/--port must be a port number between 1 and 65535, got "http"/);
    expect(() => check('70000')).toThrow(/got "70000"/);
    expect(() => check('65500')).toThrow(/--port 65500: the member 1 would need port 65601, above 65535; try --port 4000/);
  });
});
