#!/usr/bin/env bash
# Serves dist/ and the API with the sandbox on 127.0.0.1:${PORT:-8080} (foreground, Ctrl-C stops).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
port="${PORT:-8080}"
echo "run: open http://127.0.0.1:$port/_sandbox/login?return=/services to sign in (app at http://127.0.0.1:$port/)"
exec target/release/sandbox --dist dist --port "$port"
