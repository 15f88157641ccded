#!/usr/bin/env bash
# Regenerates docs/schemas/ (the JSON Schema of every command's JSON report) from the code.
# A unit test (schemas::tests) fails when a file here is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q
for c in check validate eligibility questionnaire fee fee-what-if survey status deadlines checklist ccr-summary qopi qopi-plan portfolio readiness readiness-compare error; do
  id=$(./target/debug/qcp schema --report "$c" | python3 -c 'import json,sys; print(json.load(sys.stdin)["$id"].rsplit("/",1)[1])')
  ./target/debug/qcp schema --report "$c" > "docs/schemas/$id"
done
