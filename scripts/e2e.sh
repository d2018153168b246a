#!/usr/bin/env bash
# Runs the Playwright suite (tests/e2e) against target/release/sandbox serving dist/ (and
# specs/gateway.spec.js against target/release/gateway in front of the sandbox's upstream mode).
# Extra args go to `playwright test` (e.g. scripts/e2e.sh specs/shell.spec.js -g "401").
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
if [ -z "${E2E_BASE_URL:-}" ]; then
  [ -f dist/index.html ] || { echo "e2e: dist/index.html missing: run 'make build' first" >&2; exit 1; }
  [ -x target/release/sandbox ] || { echo "e2e: target/release/sandbox missing: run 'cargo build -p sandbox --release'" >&2; exit 1; }
  [ -x target/release/gateway ] || { echo "e2e: target/release/gateway missing: run 'cargo build -p gateway --release'" >&2; exit 1; }
fi
cd tests/e2e
exec playwright test "$@"
