#!/usr/bin/env bash
# Release build of the wasm app into dist/ (trunk, offline: every tool comes from PATH).
# wasm-opt: tests/e2e/node_modules/.bin (npm binaryen, pinned) is first on PATH via env.sh.
# One bundle per section (src/app.rs `Section`): index.html (services), orders.html
# (orders) and tools.html (export, batch actions, account health). Trunk builds one HTML target at a time and empties its dist,
# so the other pages are built into target/dist-<page> (where Trunk names them index.html) and
# their files copied next to the first.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wasm_env
cd "$REPO_ROOT"
trunk build --release --offline "$@"
for page in orders tools; do
  trunk build --release --offline --dist "target/dist-$page" "$page.html"
  cp "target/dist-$page/index.html" "dist/$page.html"
  cp "target/dist-$page/$page"-*.js "target/dist-$page/$page"-*_bg.wasm "target/dist-$page"/*.css dist/
done
