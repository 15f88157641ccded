#!/usr/bin/env bash
# Tries the qcp-check-system pre-commit hook of this checkout in a scratch git repository, as a
# user's repository runs it: a clean application passes, a broken one fails with qcp's finding.
# Usage: scripts/try-pre-commit-hook.sh DIR_WITH_QCP   (e.g. target/debug; default: PATH's qcp)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${1:-}" ]; then
  PATH="$(cd "$1" && pwd):$PATH"
fi
command -v qcp >/dev/null || { echo "try-pre-commit-hook: no qcp on PATH" >&2; exit 1; }
command -v pre-commit >/dev/null || { echo "try-pre-commit-hook: pip install pre-commit" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init -q .
cp "$repo/examples/application-complete.yaml" good.yaml
sed 's/overall_score: .*/overall_score: 150/' "$repo/examples/application-complete.yaml" > broken.yaml
git add good.yaml broken.yaml

export PRE_COMMIT_HOME="$scratch/.pre-commit-cache"
# The example is clean as of this date; later, its deadlines fall due (the hook has no --as-of).
export QCP_AS_OF=2026-11-22
if ! pre-commit try-repo "$repo" qcp-check-system --files good.yaml > log 2>&1; then
  cat log
  echo "try-pre-commit-hook: the hook failed a clean application" >&2
  exit 1
fi
if pre-commit try-repo "$repo" qcp-check-system --files broken.yaml > log 2>&1; then
  cat log
  echo "try-pre-commit-hook: the hook passed a score of 150" >&2
  exit 1
fi
grep -q "invalid-percent" log || { cat log; echo "try-pre-commit-hook: no finding shown" >&2; exit 1; }
echo "try-pre-commit-hook: qcp-check-system passes a clean file and stops a broken one"
