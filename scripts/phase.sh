#!/usr/bin/env bash
# phase.sh NAME CMD [ARGS...]: run CMD with the repo env, print its duration, keep its exit code.
set -uo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
name="$1"; shift
start=$(date +%s)
echo "==> [$name] $*"
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
if [ "$rc" -eq 0 ]; then
  printf '<== [%s] ok in %dm%02ds\n' "$name" $((secs / 60)) $((secs % 60))
else
  printf '<== [%s] FAILED (exit %d) after %dm%02ds\n' "$name" "$rc" $((secs / 60)) $((secs % 60)) >&2
fi
exit "$rc"
