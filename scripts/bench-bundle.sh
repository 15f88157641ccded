#!/usr/bin/env bash
# Benchmark of `qcp bundle check` (issue 4, part 8). Not a test: run by hand on a quiet machine.
#   scripts/bench-bundle.sh [N ...]        (default: 1000 10000)
# For each N: generates N applications (examples/gen_bundle.rs), then measures wall time and
# peak memory (/usr/bin/time -v) of
#   qcp bundle check (2 threads), the same files without their documents section,
#   a bare yaml_serde typed parse on 2 threads (examples/parse_only.rs),
#   ajv-cli (--spec=draft2020, ajv-formats) and check-jsonschema against `qcp schema`.
# check-jsonschema is measured on the first 300 files (it runs at tens of files per second).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build -q --release --bin qcp --example gen_bundle --example parse_only
BIN=$CARGO_TARGET_DIR/release
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ ! -x "$WORK/node_modules/.bin/ajv" ]; then
  (cd "$WORK" && npm install --silent --no-audit --no-fund ajv-cli ajv-formats >/dev/null 2>&1) || echo "ajv-cli unavailable"
fi
command -v check-jsonschema >/dev/null || python3 -m pip install -q check-jsonschema
"$BIN/qcp" schema > "$WORK/schema.json"

# measure NAME FILES CMD... → "NAME files/s peak-KB seconds"
measure() {
  local name=$1 files=$2; shift 2
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  awk -v n="$name" -v f="$files" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-28s %8d files %8.2f s %10.0f files/s %8d KB peak\n", n, f, s, (s>0?f/s:0), k }'
  echo "$name $files $secs $kb" >> "$WORK/results.txt"
}

for N in "${@:-1000 10000}"; do
  for n in $N; do
    B="$WORK/b$n"; P="$WORK/p$n"
    "$BIN/examples/gen_bundle" "$n" "$B" 2>/dev/null
    "$BIN/examples/gen_bundle" "$n" "$P" --no-documents 2>/dev/null
    echo "== $n applications ($(du -sh "$B" | cut -f1), $(ls "$B"/pool | wc -l) pooled documents)"
    measure "qcp bundle check" "$n" "$BIN/qcp" bundle check "$B" --as-of 2026-11-22 --format json
    measure "qcp bundle check (junit)" "$n" "$BIN/qcp" bundle check "$B" --as-of 2026-11-22 --format junit
    measure "  same, no documents" "$n" "$BIN/qcp" bundle check "$P" --as-of 2026-11-22 --format json
    measure "yaml_serde bare parse" "$n" "$BIN/examples/parse_only" "$B"
    if [ -x "$WORK/node_modules/.bin/ajv" ]; then
      measure "ajv-cli draft2020" "$n" "$WORK/node_modules/.bin/ajv" validate --spec=draft2020 -c ajv-formats --strict=false -s "$WORK/schema.json" -d "$B/*.yaml"
    fi
    mapfile -t few < <(ls "$B"/*.yaml | head -300)
    measure "check-jsonschema (300)" "${#few[@]}" check-jsonschema --schemafile "$WORK/schema.json" "${few[@]}"
  done
done
echo
echo "ratios (files/s of qcp bundle check ÷ other, same N):"
awk '{rate[$1" "$2" "$3]=$2/$(NF-1); } END {}' /dev/null
python3 - "$WORK/results.txt" <<'PY'
import sys, collections
rows = [l.split() for l in open(sys.argv[1])]
by = collections.defaultdict(dict)
for r in rows:
    name, files, secs = " ".join(r[:-3]), int(r[-3]), float(r[-2])
    by[name][files] = files / secs if secs else 0
qcp = by.get("qcp bundle check", {})
for n in sorted(qcp):
    q = qcp[n]
    parse = by.get("yaml_serde bare parse", {}).get(n)
    ajv = by.get("ajv-cli draft2020", {}).get(n)
    cjs = list(by.get("check-jsonschema (300)", {}).values())
    nodoc = by.get("same, no documents", {}).get(n)
    print(f"N={n}: qcp {q:.0f} files/s", end="")
    if ajv: print(f"; vs ajv-cli {q/ajv:.1f}x", end="")
    if cjs: print(f"; vs check-jsonschema {q/cjs[0]:.0f}x", end="")
    if parse: print(f"; bare parse is {parse/q:.2f}x qcp", end="")
    if nodoc: print(f"; documents cost {(1/q - 1/nodoc)*1e6/29:.1f} us per document reference", end="")
    print()
PY
