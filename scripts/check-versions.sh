#!/usr/bin/env bash
# Fails when the pinned tool versions disagree anywhere (see scripts/versions.env).
#   scripts/check-versions.sh              check the files
#   scripts/check-versions.sh --installed  also check wasm-bindgen / wasm-split-cli / wasm-opt
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

python3 - "$@" <<'PY'
import json, os, re, shutil, subprocess, sys, tomllib

errors = []
wbg = os.environ["WASM_BINDGEN_VERSION"]
split = os.environ["WASM_SPLIT_VERSION"]
binaryen = os.environ["BINARYEN_VERSION"]

def load_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)

# Cargo.lock: every wasm-bindgen package entry
lock = load_toml("Cargo.lock")
locked = sorted({p["version"] for p in lock.get("package", []) if p["name"] == "wasm-bindgen"})
if locked != [wbg]:
    errors.append(f"Cargo.lock wasm-bindgen {locked or 'missing'} != versions.env WASM_BINDGEN_VERSION {wbg}")

# Cargo.toml: wasm-bindgen = "=X" (string or table form), in any dependency table
manifest = load_toml("Cargo.toml")
pins = []
for table in ("dependencies", "dev-dependencies", "build-dependencies"):
    dep = manifest.get(table, {}).get("wasm-bindgen")
    if dep is not None:
        pins.append(dep if isinstance(dep, str) else dep.get("version", ""))
dep = manifest.get("workspace", {}).get("dependencies", {}).get("wasm-bindgen")
if dep is not None:
    pins.append(dep if isinstance(dep, str) else dep.get("version", ""))
if not pins:
    errors.append("Cargo.toml has no wasm-bindgen dependency pinned with '='")
for pin in pins:
    if pin != f"={wbg}":
        errors.append(f"Cargo.toml wasm-bindgen = {pin!r}, expected '={wbg}'")

# tests/e2e/package.json + package-lock.json: binaryen exact
with open("tests/e2e/package.json") as f:
    pkg = json.load(f)
deps = {**pkg.get("dependencies", {}), **pkg.get("devDependencies", {})}
spec = deps.get("binaryen")
if spec is None or not re.fullmatch(rf"{binaryen}\.\d+\.\d+", spec):
    errors.append(f"tests/e2e/package.json binaryen = {spec!r}, expected exact {binaryen}.x.y")
for name, s in deps.items():
    if not re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", s):
        errors.append(f"tests/e2e/package.json {name} = {s!r} is not an exact version")
with open("tests/e2e/package-lock.json") as f:
    plock = json.load(f)
packages = plock.get("packages", {})
for name, s in deps.items():
    got = packages.get(f"node_modules/{name}", {}).get("version")
    if got != s:
        errors.append(f"tests/e2e/package-lock.json {name} {got!r} != package.json {s!r}")
for key, meta in packages.items():
    url = meta.get("resolved")
    if url and not url.startswith("https://registry.npmjs.org/"):
        errors.append(f"tests/e2e/package-lock.json {key} resolves outside the npm registry: {url}")

# Installed tools (after setup)
if "--installed" in sys.argv[1:]:
    def version_of(cmd):
        if shutil.which(cmd[0]) is None:
            return None
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception as e:  # noqa: BLE001
            return f"error: {e}"
    listed = subprocess.run(["cargo", "install", "--list"], capture_output=True, text=True).stdout
    if f"wasm_split_cli_support v{split}:" not in listed.splitlines() or shutil.which("wasm-split-cli") is None:
        errors.append(f"wasm-split-cli (wasm_split_cli_support {split}) not installed (run scripts/setup.sh)")
    for cmd, want in ((["wasm-bindgen", "--version"], f"wasm-bindgen {wbg}"),
                      (["wasm-bindgen-test-runner", "--version"], f"wasm-bindgen-test-runner {wbg}"),
                      (["wasm-opt", "--version"], f"wasm-opt version {binaryen} (version_{binaryen})")):
        got = version_of(cmd)
        if got is None:
            errors.append(f"{cmd[0]} not found on PATH (run scripts/setup.sh)")
        elif not got.startswith(want):
            errors.append(f"{cmd[0]} --version = {got!r}, expected {want!r} ({shutil.which(cmd[0])})")

if errors:
    print("check-versions: FAILED", file=sys.stderr)
    for e in errors:
        print(f"  - {e}", file=sys.stderr)
    sys.exit(1)
print(f"check-versions: ok (wasm-bindgen {wbg}, wasm-split-cli {split}, binaryen/wasm-opt {binaryen})")
PY
