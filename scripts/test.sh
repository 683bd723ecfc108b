#!/usr/bin/env bash
# `deno task test`: format, lint and type checks on all code, then every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$PATH"
export INSTANCE_SYNC_TEST_RESTIC="${INSTANCE_SYNC_TEST_RESTIC:-$root/.cache/restic/usr/bin/restic}"
export INSTANCE_SYNC_TEST_REST_SERVER="${INSTANCE_SYNC_TEST_REST_SERVER:-$root/.cache/restic/usr/bin/restic-rest-server}"
echo "== deno fmt --check" >&2
deno fmt --check
echo "== deno lint" >&2
deno lint
echo "== deno check" >&2
deno check cli/ core/ tui/ tests/ bench/ scripts/
# Conflicts in the other suites must stay headless even when this runs on a desktop: a hook with a
# $DISPLAY opens a dialog window. The window tests start their own Xvfb and pass its display explicitly.
unset DISPLAY WAYLAND_DISPLAY
echo "== deno test" >&2
deno test -A --parallel "$@" tests/
