#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently.
# Silent when everything is already there; prints one line per thing it installs.
#
#   bash scripts/setup.sh
#
# Installs (only when missing / at the wrong version):
#   - Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)
#   - rustfmt + clippy components, the wasm32-unknown-unknown target
#     (fallback: Debian rustc-web/cargo-web/rust-web-src/lld-19 + build-std, env written
#     to scripts/wasm-env.sh, which the wasm32 builds source)
#   - the rust-src component (the release build rebuilds std for size, scripts/build.sh)
#   - wasm-bindgen-cli and wasm-split-cli (wasm_split_cli_support) at the versions in
#     scripts/versions.env (cargo install --locked)
#   - tests/e2e/node_modules (npm ci) when missing or when package-lock.json changed
# Never downloads a browser (no `playwright install`).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

APT_UPDATED=0
apt_install() {
  # Install Debian packages; run `apt-get update` first if the lists are missing or an
  # install fails (stale lists).
  local pkgs=("$@")
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ] && ! compgen -G "/var/lib/apt/lists/*_Packages" >/dev/null; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/tmp/setup-apt.$$.log 2>&1; then
    if [ "$APT_UPDATED" = 0 ]; then
      $SUDO apt-get update -qq
      APT_UPDATED=1
      $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/tmp/setup-apt.$$.log 2>&1 \
        || { cat /tmp/setup-apt.$$.log >&2; rm -f /tmp/setup-apt.$$.log; return 1; }
    else
      cat /tmp/setup-apt.$$.log >&2; rm -f /tmp/setup-apt.$$.log; return 1
    fi
  fi
  rm -f /tmp/setup-apt.$$.log
}

# ---------------------------------------------------------------- base commands
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (apt)"
  apt_install "${missing[@]}"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed (found $(node --version)); Playwright 1.65 does not run on it"

# ---------------------------------------------------------------- browser
if [ ! -x "$CHROMIUM_BIN" ] || [ ! -x "$CHROMEDRIVER_BIN" ]; then
  say "installing chromium + chromium-driver (apt)"
  apt_install chromium chromium-driver fonts-liberation
fi

# ---------------------------------------------------------------- rust toolchain
command -v cargo >/dev/null 2>&1 || die "cargo not found (expected the machine's rustup toolchain in ~/.cargo/bin)"
if command -v rustup >/dev/null 2>&1; then
  installed_components="$(rustup component list --installed 2>/dev/null || true)"
  for c in rustfmt clippy rust-src; do
    if ! grep -q "^$c" <<<"$installed_components"; then
      say "installing rustup component $c"
      rustup component add "$c" >/dev/null
    fi
  done
fi

wasm_target_ok() {
  command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
fallback_ok() {
  [ -f scripts/wasm-env.sh ] && command -v wasm-ld-19 >/dev/null 2>&1 \
    && dpkg -s rustc-web cargo-web rust-web-src >/dev/null 2>&1
}
if wasm_target_ok; then
  if [ -f scripts/wasm-env.sh ]; then
    say "rustup has wasm32-unknown-unknown now: removing the fallback scripts/wasm-env.sh"
    rm -f scripts/wasm-env.sh
  fi
elif fallback_ok; then
  :
else
  say "installing rust target wasm32-unknown-unknown (rustup)"
  if command -v rustup >/dev/null 2>&1 && rustup target add wasm32-unknown-unknown; then
    :
  else
    say "rustup target add failed: falling back to Debian rustc-web + build-std (apt)"
    apt_install rustc-web cargo-web rust-web-src lld-19
    cat > scripts/wasm-env.sh <<'ENV'
# shellcheck shell=bash
# Written by scripts/setup.sh: rustup could not add wasm32-unknown-unknown, so wasm32 builds
# use Debian's rustc-web/cargo-web and build std from rust-web-src. Sourced (through
# `wasm_env` in scripts/env.sh) only by the commands that build for wasm32.
export PATH="/usr/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
ENV
    say "wrote scripts/wasm-env.sh ($(/usr/bin/cargo --version 2>/dev/null || echo 'no /usr/bin/cargo'))"
  fi
fi

# ---------------------------------------------------------------- cargo tools
# cargo_install_pinned CRATE VERSION BINARY "EXPECTED --version OUTPUT"
# Installs with the crate's own Cargo.lock (--locked). If the index lacks a version that
# lockfile names (seen here: wasm-bindgen-cli 0.2.130 locks webpki-roots 1.0.11, which this
# index does not have), repair just those entries with `cargo update -p NAME@OLD` in a copy
# of the crate and install from it, still --locked.
cargo_install_pinned() {
  local crate="$1" version="$2" bin="$3" want="$4" got=""
  if command -v "$bin" >/dev/null 2>&1; then
    got="$("$bin" --version 2>/dev/null || true)"
  fi
  [ "$got" = "$want" ] && return 0
  say "installing $crate $version with cargo install --locked (was: ${got:-not installed}; takes minutes)"
  local log; log="$(mktemp)"
  if cargo install "$crate" --version "$version" --locked --force >"$log" 2>&1; then
    rm -f "$log"
  else
    if ! grep -q "failed to select a version" "$log"; then
      cat "$log" >&2; rm -f "$log"; die "cargo install $crate $version failed"
    fi
    say "$crate $version: its Cargo.lock names a version the index lacks; repairing the lockfile minimally"
    rm -f "$log"
    local crate_file tmp
    # shellcheck disable=SC2012
    crate_file="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$crate-$version.crate" 2>/dev/null | head -n1 || true)"
    [ -n "$crate_file" ] || die "no downloaded $crate-$version.crate in the cargo cache"
    tmp="$(mktemp -d)"
    tar -xzf "$crate_file" -C "$tmp"
    (
      cd "$tmp/$crate-$version"
      for _ in $(seq 1 20); do
        err="$(cargo metadata --locked --format-version 1 2>&1 >/dev/null)" && exit 0
        # shellcheck disable=SC2016 # backticks are literal in cargo's message
        spec="$(sed -n 's/.*requirement `\([A-Za-z0-9_-]*\) = [^`]*` (locked to \([^)]*\)).*/\1@\2/p' <<<"$err" | head -n1)"
        [ -n "$spec" ] || { echo "$err" >&2; exit 1; }
        echo "setup:   cargo update -p $spec" >&2
        cargo update -p "$spec" 2>&1 | grep -E 'Updating|Downgrading|Upgrading' >&2 || true
      done
      exit 1
    ) || die "could not repair the Cargo.lock of $crate $version"
    cargo install --path "$tmp/$crate-$version" --locked --force --quiet \
      || die "cargo install --path (repaired $crate $version) failed"
    rm -rf "$tmp"
  fi
  got="$("$bin" --version 2>/dev/null || true)"
  [ "$got" = "$want" ] || die "$bin --version says '$got', expected '$want'"
}

# wasm-split-cli prints no version: `cargo install --list` says which one is installed.
if ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" \
  || ! command -v wasm-split-cli >/dev/null 2>&1; then
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION with cargo install --locked (takes minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary \
    --locked --force --quiet || die "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION failed"
fi
cargo_install_pinned wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION"
# same crate, checked separately in case only one binary went missing
cargo_install_pinned wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen-test-runner \
  "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION"

# ---------------------------------------------------------------- npm (Playwright, axe, binaryen)
E2E_DIR="$REPO_ROOT/tests/e2e"
STAMP="$E2E_DIR/node_modules/.setup-lock.sha256"
lock_sum="$(sha256sum "$E2E_DIR/package-lock.json" | cut -d' ' -f1)"
if [ ! -d "$E2E_DIR/node_modules" ] || [ "$(cat "$STAMP" 2>/dev/null || true)" != "$lock_sum" ]; then
  say "npm ci in tests/e2e"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$STAMP"
fi

want_opt="wasm-opt version $BINARYEN_VERSION (version_$BINARYEN_VERSION)"
got_opt="$("$E2E_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)"
[ "$got_opt" = "$want_opt" ] || die "tests/e2e/node_modules/.bin/wasm-opt --version says '$got_opt', expected '$want_opt'"
