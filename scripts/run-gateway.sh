#!/usr/bin/env bash
# The real path on this machine: the sandbox in upstream mode (standing in for the provider: its
# API at /1.0, its sign-in pages) on 127.0.0.1:${UPSTREAM_PORT:-8091}, and the gateway serving
# dist/ on 127.0.0.1:${PORT:-8080} in front of it. FLOW=oauth2 (default) or FLOW=classic.
# Foreground; Ctrl-C stops both.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
port="${PORT:-8080}"
up="${UPSTREAM_PORT:-8091}"
flow="${FLOW:-oauth2}"
public="http://127.0.0.1:$port"
upstream="http://127.0.0.1:$up"

target/release/sandbox --port "$up" --upstream --upstream-callback "$public/auth/callback" >/dev/null &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS "$upstream/1.0/auth/time" >/dev/null 2>&1 && break
  kill -0 "$sandbox_pid" 2>/dev/null || { echo "run-gateway: the sandbox did not start (port $up busy?)" >&2; exit 1; }
  sleep 0.2
done

# A fresh cookie key per run: sessions end with the process. The sandbox's well-known
# development credentials (see its --upstream-app / --upstream-client defaults).
GATEWAY_COOKIE_KEYS="$(head -c 32 /dev/urandom | base64)"
export GATEWAY_COOKIE_KEYS
case "$flow" in
  oauth2) export GATEWAY_CLIENT_ID=sandbox-client GATEWAY_CLIENT_SECRET=sandbox-client-secret ;;
  classic) export GATEWAY_APP_KEY=sandbox-app-key GATEWAY_APP_SECRET=sandbox-app-secret ;;
  *) echo "run-gateway: FLOW must be oauth2 or classic" >&2; exit 2 ;;
esac
echo "run-gateway: open $public/ ($flow sign-in; the provider's pages are the sandbox's on $upstream)"
target/release/gateway --listen "127.0.0.1:$port" --public-url "$public" --dist dist \
  --api-base-url "$upstream/1.0" --auth-base-url "$upstream"
