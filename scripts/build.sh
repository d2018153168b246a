#!/usr/bin/env bash
# Release build of the wasm app into dist/ (trunk, offline: every tool comes from PATH).
# wasm-opt: tests/e2e/node_modules/.bin (npm binaryen, pinned) is first on PATH via env.sh.
# Two bundles, one per section (src/app.rs `Section`): index.html (services, account) and
# orders.html (orders). Trunk builds one HTML target at a time and empties its dist, so the
# orders page is built into target/dist-orders (where Trunk names it index.html) and its files
# copied next to the first.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wasm_env
cd "$REPO_ROOT"
trunk build --release --offline "$@"
trunk build --release --offline --dist target/dist-orders orders.html
cp target/dist-orders/index.html dist/orders.html
cp target/dist-orders/orders-*.js target/dist-orders/orders-*_bg.wasm target/dist-orders/*.css dist/
