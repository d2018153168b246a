#!/usr/bin/env bash
# Release build of the wasm app into dist/ (trunk, offline: every tool comes from PATH).
# wasm-opt: tests/e2e/node_modules/.bin (npm binaryen, pinned) is first on PATH via env.sh.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wasm_env
cd "$REPO_ROOT"
exec trunk build --release --offline "$@"
