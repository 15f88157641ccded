#!/usr/bin/env bash
# Rewrites every "DOMAIN §N" reference (the team's internal domain notes, which do not ship) to
# "docs/rules.md §N", the shipped page whose sections carry the same numbers (see the table at
# the top of docs/rules.md). "DOMAIN §2, §7, §8" becomes "docs/rules.md §2, §7, §8", and a
# mention of DOMAIN.md itself becomes docs/rules.md.
# Run from anywhere, after merging; then regenerate docs/findings.md if codes changed
# (its sync test says how) and review the diff. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
files() {
  git grep -lz -e 'DOMAIN §' -e 'DOMAIN\.md' -- src tests docs standards benches examples README.md \
    ':!docs/rules.md' ':!scripts/rewrite-domain-refs.sh' || true
}
files | xargs -0 -r sed -i \
  -e 's/DOMAIN §/docs\/rules.md §/g' \
  -e "s/DOMAIN\.md in the project's shared notes/docs\/rules.md/g" \
  -e 's/DOMAIN\.md/docs\/rules.md/g'
left="$(git grep -c -e 'DOMAIN §' -e 'DOMAIN\.md' -- . ':!docs/rules.md' ':!scripts/rewrite-domain-refs.sh' || true)"
if [ -n "$left" ]; then
  echo "still citing DOMAIN:" >&2
  echo "$left" >&2
  exit 1
fi
echo "rewrote DOMAIN §N to docs/rules.md §N"
