/**
 * Ports that browsers refuse to fetch from ("bad ports" of the WHATWG fetch standard): a demo
 * whose gateway listened on one would start, and then /reports and /explorer would fail in the
 * browser with an opaque network error (ERR_UNSAFE_PORT in Chromium).
 */
export const BROWSER_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Every port a demo on `--port base` listens on, by role (the layout `npm start` uses). */
export function demoPorts(base: number, members: number, providers: number): { role: string; port: number }[] {
  return [
    { role: 'gateway', port: base },
    { role: 'registry', port: base + 1 },
    ...Array.from({ length: members }, (_, i) => ({ role: `member ${i + 1}`, port: base + 101 + i })),
    ...Array.from({ length: providers }, (_, i) => ({ role: `provider ${i + 1}`, port: base + 201 + i })),
  ];
}

/** Why `--port base` cannot host the demo, or undefined when it can. */
function portProblem(base: number, members: number, providers: number): string | undefined {
  for (const { role, port } of demoPorts(base, members, providers)) {
    if (port > 65_535) return `the ${role} would need port ${port}, above 65535`;
    if (BROWSER_BAD_PORTS.has(port)) {
      return role === 'gateway'
        ? `browsers refuse port ${port} (an unsafe port in the fetch standard, e.g. ERR_UNSAFE_PORT in Chromium), so /reports and /explorer would not open`
        : `the ${role} would listen on port ${port}, which browsers refuse (an unsafe port in the fetch standard)`;
    }
  }
  return undefined;
}

/**
 * Checks `--port` for the demo; throws a message naming the port, why, and the nearest port above
 * it that works, when it is not a port number, is one browsers refuse, or leaves no room for the
 * members' and providers' ports above it.
 */
export function checkDemoPort(raw: string, members: number, providers: number): number {
  const base = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(base) || base < 1 || base > 65_535) {
    throw new Error(`--port must be a port number between 1 and 65535, got "${raw}"; try --port 4000`);
  }
  const problem = portProblem(base, members, providers);
  if (!problem) return base;
  let next = base + 1;
  while (next <= 65_535 && portProblem(next, members, providers)) next++;
  const suggestion = next <= 65_535 && next >= 1024 ? `--port ${next}` : '--port 4000';
  throw new Error(`--port ${base}: ${problem}; try ${suggestion}`);
}
