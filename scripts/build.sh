#!/usr/bin/env bash
# Release build of the console into dist/: one app, split into a first-load module and chunks
# loaded on demand (Leptos `#[lazy]`, on top of `wasm_split`). Every tool is
# pinned in scripts/versions.env and installed by scripts/setup.sh; nothing is downloaded here.
#
#   1. cargo build (wasm32, release) with std rebuilt for size: `-Z build-std` with the
#      `optimize_for_size` feature and `-C panic=immediate-abort` (a panic traps at once: no panic
#      messages, locations nor formatting machinery in the module; -29 KiB brotli measured);
#      `-Z fmt-debug=none` (`{:?}` prints nothing: the module never shows it, and no longer
#      carries the escaping and Unicode tables of `str`'s Debug; the one place it showed, serde's
#      "invalid type: string \"x\"", has its string put back by api::decode) and
#      `-Z location-detail=none`: -3.3 KiB brotli measured together.
#      These are unstable flags, enabled on the pinned stable toolchain with RUSTC_BOOTSTRAP=1
#      for this one build (the Debian fallback in scripts/wasm-env.sh already builds std this
#      way); the rust-src component comes from scripts/setup.sh. --emit-relocs keeps what the
#      splitter needs; --cfg erase_components as in .cargo/config.toml.
#   2. wasm-split-cli: the main module, one module per split point, shared chunks, and the
#      __wasm_split.js loader (chunk URLs are relative to it), patched to retry a chunk that
#      cannot be fetched (scripts/patch-split-loader.mjs)
#   3. wasm-bindgen on the main module only (--keep-lld-exports: the chunks import the table);
#      the imports it binds get short names in the module and its glue
#      (scripts/short-imports.mjs), short strings are read from the module without a
#      TextDecoder call (scripts/fast-strings.mjs), then the glue and the chunk loader are
#      minified by terser
#   4. wasm-opt -Oz on every module
#   5. dist/pkg/<hash>/, one directory per build named by the hash of its files (chunk names are
#      not content hashes: a new build never overwrites files an open tab may still load)
#   6. boot.js (an external module: the CSP needs no 'unsafe-inline'), the CSS without its
#      comments and blanks (scripts/minify-css.mjs) named by its hash, the HTML from index.html,
#      and public/ as it is
#
# Output: dist/index.html, dist/main-<hash>.css, dist/pkg/<hash>/*, dist/{config.json,_headers,
# _redirects,favicon.svg}. target/wasm-split/app_bg.named.wasm keeps the function names of the
# main module for the size report (scripts/size-report.mjs).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wasm_env
cd "$REPO_ROOT"

BIN=billing-console
NAME=app
DIST=${DIST:-dist}
W=target/wasm-split
WASM_FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-arg=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
[ -n "${SKIP_CARGO:-}" ] || cargo build --release --target wasm32-unknown-unknown --bin "$BIN" \
  -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size "$@"

rm -rf "$W"
mkdir -p "$W/split" "$W/pkg"
wasm-split-cli "target/wasm32-unknown-unknown/release/$BIN.wasm" "$W/split" --out-name "$NAME" --target web
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$NAME" --out-dir "$W/pkg" "$W/split/$NAME.wasm"
node scripts/short-imports.mjs "$W/pkg/$NAME.js" "$W/pkg/${NAME}_bg.wasm"
# Short strings from wasm read without a TextDecoder call (a sort of 25 new lines passes ~1,900).
node scripts/fast-strings.mjs "$W/pkg/$NAME.js"
# wasm-streams' classes, exported by every Leptos app (server_fn's `browser` feature) and used by
# nothing here: out of the glue and the module's exports, so wasm-opt drops their code; the
# closures' entry points under short names instead of their mangled ones.
node scripts/trim-exports.mjs "$W/pkg/$NAME.js" "$W/pkg/${NAME}_bg.wasm" "$W/split"
cp "$W/split/__wasm_split.js" "$W/pkg/"
node scripts/patch-split-loader.mjs "$W/pkg/__wasm_split.js"
# The JavaScript glue and the chunk loader without comments, blanks and long local names
# (terser, pinned in tests/e2e/package.json; exports and property names stay): -2.5 KiB brotli.
command -v terser >/dev/null || { echo "build: terser not found (run scripts/setup.sh)" >&2; exit 1; }
for js in "$W/pkg/$NAME.js" "$W/pkg/__wasm_split.js"; do
  terser "$js" --module --compress --mangle -o "$js.min" && mv "$js.min" "$js"
done
find "$W/split" -maxdepth 1 -name '*.wasm' ! -name "$NAME.wasm" -exec cp {} "$W/pkg/" \;
cp "$W/split/$NAME.wasm" "$W/${NAME}_bg.named.wasm"

# wasm-opt each module (two at a time: 2 cores); its "unknown name subsection" warning on chunks
# is noise, any failure stops the build.
command -v wasm-opt >/dev/null || { echo "build: wasm-opt not found (run scripts/setup.sh)" >&2; exit 1; }
# KEEP_NAMES=1 keeps the function names (-g) for CPU profiles (tests/e2e/bench/tools/profile.mjs).
export WASM_OPT_FLAGS="-Oz ${KEEP_NAMES:+-g }${WASM_FEATURES[*]}"
find "$W/pkg" -name '*.wasm' -print0 \
  | xargs -0 -P2 -I{} sh -c 'wasm-opt $WASM_OPT_FLAGS "$1" -o "$1" 2>"$1.log" || { cat "$1.log" >&2; exit 255; }; grep -v "unknown name subsection" "$1.log" >&2 || true; rm -f "$1.log"' _ {}

cat > "$W/pkg/boot.js" <<JS
// Starts the console (an external module, so the CSP needs no 'unsafe-inline').
import init from './${NAME}.js';
await init({ module_or_path: new URL('./${NAME}_bg.wasm', import.meta.url) });
JS

hash_of() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16); }
BUILD=$(hash_of "$W/pkg")
node scripts/minify-css.mjs style/main.css "$W/main.css"
CSS_HASH=$(sha256sum "$W/main.css" | cut -c1-16)
CSS="main-$CSS_HASH.css"

rm -rf "$DIST"
mkdir -p "$DIST/pkg/$BUILD"
cp "$W"/pkg/* "$DIST/pkg/$BUILD/"
cp "$W/main.css" "$DIST/$CSS"
cp public/* "$DIST/"
sed -e "s/__BUILD__/$BUILD/g" -e "s/__CSS__/$CSS/g" index.html > "$DIST/index.html"
echo "build: $DIST/index.html, $DIST/pkg/$BUILD/ ($(find "$DIST/pkg/$BUILD" -name '*.wasm' | wc -l) wasm modules)"
