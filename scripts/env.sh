# shellcheck shell=bash
# Source me: sets PATH and the pinned versions for every build/test command.
#   . scripts/env.sh
# - ~/.cargo/bin (rustup toolchain, wasm-bindgen, wasm-split-cli) on PATH
# - tests/e2e/node_modules/.bin FIRST on PATH: wasm-opt (npm binaryen) must win over any
#   older Debian wasm-opt.
# - scripts/versions.env variables exported
# - scripts/wasm-env.sh (written by setup.sh only when the Debian rust-web fallback was used)
#   is NOT sourced here: it switches cargo to Debian's toolchain with build-std, which only
#   suits wasm32 builds. Use `wasm_env` (below) in the commands that build for wasm32.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

set -a
# shellcheck source=scripts/versions.env
. "$REPO_ROOT/scripts/versions.env"
set +a

case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) PATH="$HOME/.cargo/bin:$PATH" ;;
esac
PATH="$REPO_ROOT/tests/e2e/node_modules/.bin:$PATH"
export PATH

# Never let an npm package download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PUPPETEER_SKIP_DOWNLOAD=1

# wasm_env: load the wasm32 fallback toolchain env if setup.sh wrote one (no-op otherwise).
wasm_env() {
  if [ -f "$REPO_ROOT/scripts/wasm-env.sh" ]; then
    # shellcheck source=/dev/null
    . "$REPO_ROOT/scripts/wasm-env.sh"
    # keep npm's wasm-opt ahead of anything the fallback put first
    PATH="$REPO_ROOT/tests/e2e/node_modules/.bin:$PATH"
    export PATH
  fi
}
