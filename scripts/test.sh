#!/usr/bin/env bash
# `deno task test`: format, lint and type checks on all code, then every test suite. The suites that
# start the CLI run through scripts/cli-suites.ts, which proves each of them honours $INSTANCE_SYNC_CLI
# (set it to test a compiled binary instead of `deno run -A cli/main.ts`). Arguments go to `deno test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$PATH"
export INSTANCE_SYNC_TEST_RESTIC="${INSTANCE_SYNC_TEST_RESTIC:-$root/.cache/restic/usr/bin/restic}"
export INSTANCE_SYNC_TEST_REST_SERVER="${INSTANCE_SYNC_TEST_REST_SERVER:-$root/.cache/restic/usr/bin/restic-rest-server}"
# A fresh clone with Deno on PATH has no restic yet: fetch it (and rest-server) the way ./deno does.
if [[ ! -f $INSTANCE_SYNC_TEST_RESTIC || ! -f $INSTANCE_SYNC_TEST_REST_SERVER ]]; then
  echo "== restic or rest-server missing: bash scripts/install-tools.sh --test-tools-only" >&2
  bash scripts/install-tools.sh --test-tools-only
fi
echo "== deno fmt --check" >&2
deno fmt --check
echo "== deno lint" >&2
deno lint
echo "== deno check" >&2
deno check cli/ core/ tui/ tests/ bench/ scripts/
# Conflicts in the other suites must stay headless even when this runs on a desktop: a hook with a
# $DISPLAY opens a dialog window. The window tests start their own Xvfb and pass its display explicitly.
unset DISPLAY WAYLAND_DISPLAY
echo "== deno test (all but the suites that start the CLI)" >&2
deno test -A --parallel "$(deno run -A scripts/cli-suites.ts --ignore-flag)" "$@" tests/
echo "== deno test: the suites that start the CLI, through a logging \$INSTANCE_SYNC_CLI wrapper" >&2
deno run -A scripts/cli-suites.ts -- "$@"
