#!/usr/bin/env bash
# Runs the README's commands from a clean clone of the committed HEAD, as a new user would: empty
# npm and pnpm caches, no pnpm on PATH, a data folder of its own. Each step is bounded in time, so
# a hang fails the check instead of holding CI. What it cannot do here: remove Chromium or the
# PostgreSQL server the machine already has (bootstrap.mjs installs them when they are missing).
#   .ci/fresh-clone.sh [--keep]     (--keep leaves the clone in place for a look afterwards)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/migfed-fresh-clone.XXXXXX")"
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then kill -TERM -- "-$demo_pid" 2>/dev/null || true; fi
  if [ "${1:-}" != "--keep" ]; then rm -rf "$work"; else echo "fresh-clone: left in $work"; fi
}
trap 'cleanup "${KEEP:-}"' EXIT
[ "${1:-}" = "--keep" ] && KEEP=--keep

step() { echo; echo "fresh-clone: $*"; }
fail() { echo "fresh-clone: FAILED: $*" >&2; exit 1; }

git clone --quiet --no-local "$repo" "$work/migfed"
cd "$work/migfed"

# A PATH where `pnpm` is not found, whatever the machine has installed globally.
mkdir -p "$work/no-pnpm"
printf '#!/bin/sh\necho "sh: pnpm: not found" >&2\nexit 127\n' >"$work/no-pnpm/pnpm"
chmod +x "$work/no-pnpm/pnpm"
export PATH="$work/no-pnpm:$PATH"
export npm_config_cache="$work/npm-cache" pnpm_config_store_dir="$work/pnpm-store" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
unset PNPM_HOME
if pnpm --version >/dev/null 2>&1; then fail "pnpm is still on PATH"; fi

port="${FRESH_CLONE_PORT:-4700}"
base="http://127.0.0.1:$port"

step "npm start (installs pnpm and the dependencies, seeds the demo)"
: >"$work/demo.log"
setsid npm start -- --port "$port" --data-dir "$work/demo" >"$work/demo.log" 2>&1 &
demo_pid=$!
started=$SECONDS
until grep -q '^Ready\.' "$work/demo.log"; do
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log"; fail "npm start exited before it was ready"; }
  [ $((SECONDS - started)) -lt "${FRESH_CLONE_START_S:-600}" ] || { tail -20 "$work/demo.log"; fail "npm start not ready in time"; }
  sleep 2
done
echo "fresh-clone: demo ready after $((SECONDS - started)) s (install included)"
for url in "$base/health" "$base/ready" "$base/reports/" "$base/explorer/"; do
  curl -fsS -o /dev/null --max-time 30 "$url" || fail "GET $url"
done
query='{"query":"{ countries { iso3 observations(indicator: \"WORK_PERMITS_ISSUED\", from: \"2023\", to: \"2023\") { value } } }"}'
curl -fsS --max-time 60 -H 'content-type: application/json' -d "$query" -o "$work/answer.json" "$base/graphql" || fail "POST $base/graphql"
members=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).data.countries.filter((c) => c.observations?.length).length' "$work/answer.json")
[ "$members" = "12" ] || fail "the first query of the README answered for $members members, not 12"

step "npm run migfed -- token create (the focal-point workflow's first command)"
timeout 120 npm run --silent migfed -- token create --country MDA --url "http://127.0.0.1:$((port + 107))/graphql" | grep -q 'mf_mda_' ||
  fail "npm run migfed -- token create printed no token"
kill -TERM -- "-$demo_pid"
wait "$demo_pid" || true
demo_pid=""

step "npm run compose:check"
timeout 300 npm run --silent compose:check

step "npm run bench (one short round of one workload: it must run, not measure)"
BENCH_SECONDS=2 BENCH_ROUNDS=1 BENCH_TARGETS=migfed BENCH_WORKLOADS=c timeout 900 npm run --silent bench >"$work/bench.log" 2>&1 ||
  { tail -30 "$work/bench.log"; fail "npm run bench"; }

step "npm test, on one unit test file (formatting, lint, both typechecks, vitest)"
timeout 900 npm test -- tests/unit/readme-queries.test.ts

echo
echo "fresh-clone: the README's commands work from a clean clone"
