#!/usr/bin/env node
// Container health check without curl in the image: GET http://127.0.0.1:$PORT<path>, exit 0 on 2xx.
//   node infra/deploy/probe.mjs /ready     (or /health)
const path = process.argv[2] ?? '/health';
const port = process.env.PORT ?? '4000';
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
