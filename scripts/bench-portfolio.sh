#!/usr/bin/env bash
# Benchmark of `qcp check --cache` at a consultant's scale (issue 15, part 3). Not a test: run by
# hand on a quiet machine.
#   scripts/bench-portfolio.sh [PRACTICES [DOCS [APPS]]]      (default: 200 40 2000; PRACTICES 0
#   skips the portfolio)
# 1. A portfolio: PRACTICES folders, each with its application file and DOCS policy documents
#    (TXT, DOCX, PDF; 2-30 pages) from the labelled generator (examples/gen_bundle.rs
#    --portfolio, tests/docscan_common/phi_corpus.rs). Measures `qcp check DIR` without a cache,
#    with a cold cache and with the warm cache (wall time, peak RSS), and checks the three
#    reports are identical.
# 2. The per-application cost: APPS generated applications sharing a pool of 75 documents
#    (examples/gen_bundle.rs), `qcp check` against a bare typed YAML parse of the same files
#    (examples/parse_only.rs), both on 2 threads, and against qcp's own reading of them
#    (parse_only --qcp); and the same without the documents section.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
PRACTICES=${1:-200}
DOCS=${2:-40}
APPS=${3:-2000}
AS_OF=2026-11-22
cargo build -q --release --bin qcp --example gen_bundle --example parse_only
BIN=$CARGO_TARGET_DIR/release
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# measure NAME CMD... → prints "NAME  wall seconds  CPU seconds (user+sys)  peak-KB"; keeps the
# wall time in $SECS and the CPU time in $CPU (steadier than wall time on a shared machine).
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "$@" > "$WORK/out.json" 2> "$WORK/err.txt" || true
  read -r SECS KB USR SYS < <(tail -n 1 "$WORK/time.txt")
  CPU=$(awk -v u="$USR" -v s="$SYS" 'BEGIN { printf "%.2f", u + s }')
  printf '%-44s %8.2f s wall %8.2f s CPU %9d KB peak\n' "$name" "$SECS" "$CPU" "$KB"
}
# best NAME CMD... → like measure, the best of 5 runs to the millisecond (the per-application
# runs take a tenth of a second, where one run's hundredths are too coarse); sets $SECS, $CPU.
best() {
  local name=$1; shift
  local line w u s c
  SECS=999; CPU=999
  for _ in 1 2 3 4 5; do
    line=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" > "$WORK/out.json" 2> "$WORK/err.txt"; } 2>&1 ) || true
    read -r w u s <<< "$(tail -n 1 <<< "$line")"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    SECS=$(awk -v a="$SECS" -v b="$w" 'BEGIN { print (b < a ? b : a) }')
    CPU=$(awk -v a="$CPU" -v b="$c" 'BEGIN { print (b < a ? b : a) }')
  done
  printf '%-44s %8.3f s wall %8.3f s CPU (best of 5)\n' "$name" "$SECS" "$CPU"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

if [ "$PRACTICES" -gt 0 ]; then
P="$WORK/portfolio"
"$BIN/examples/gen_bundle" --portfolio "$PRACTICES" "$DOCS" "$P"
echo "== portfolio: $PRACTICES practices x $DOCS documents ($(du -sh "$P" | cut -f1))"
measure "qcp check (no cache)" "$BIN/qcp" check "$P" --as-of $AS_OF --format json
NOCACHE=$SECS; cp "$WORK/out.json" "$WORK/nocache.json"
measure "qcp check --cache (cold)" "$BIN/qcp" check "$P" --as-of $AS_OF --format json --cache "$WORK/cache"
COLD=$SECS; COLDCPU=$CPU; cp "$WORK/out.json" "$WORK/cold.json"; echo "   $(cat "$WORK/err.txt")"
measure "qcp check --cache (warm)" "$BIN/qcp" check "$P" --as-of $AS_OF --format json --cache "$WORK/cache"
WARM=$SECS; echo "   $(cat "$WORK/err.txt")"; cp "$WORK/out.json" "$WORK/warm.json"
cmp -s "$WORK/nocache.json" "$WORK/cold.json" && cmp -s "$WORK/cold.json" "$WORK/warm.json" \
  && echo "   reports identical without cache, cold and warm" || echo "   REPORTS DIFFER"
# Files written in the last seconds are hashed again (their times could hide a change): the
# portfolio was just generated, so run once more now that it has settled.
sleep 3
measure "qcp check --cache (warm, settled files)" "$BIN/qcp" check "$P" --as-of $AS_OF --format json --cache "$WORK/cache"
WARM2=$SECS; WARMCPU=$CPU; echo "   $(cat "$WORK/err.txt")"
measure "bare YAML parse of the same files" "$BIN/examples/parse_only" "$P"
PPARSE=$SECS
python3 - "$WORK/warm.json" <<'PY' || true
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = collections.Counter(f["code"] for x in d["files"] for f in x.get("findings", []))
print("   findings:", dict(d["summary"]), "| phi-suspected:", c.get("phi-suspected", 0))
PY
echo "   cold vs warm: $(ratio "$COLD" "$WARM")x faster, $(ratio "$COLD" "$WARM2")x once the files have settled; CPU time $(ratio "$COLDCPU" "$WARMCPU")x (target >= 20x)"
fi

B="$WORK/apps"; N="$WORK/apps-nodocs"
"$BIN/examples/gen_bundle" "$APPS" "$B" 2>/dev/null
"$BIN/examples/gen_bundle" "$APPS" "$N" --no-documents 2>/dev/null
# Written back to disk before timing: write-back of the new files would share the machine.
sync; sleep 2
echo "== per application: $APPS generated applications, 25 document references each, 75 pooled documents"
best "bare YAML parse" "$BIN/examples/parse_only" "$B"; PARSE=$SECS; PARSECPU=$CPU
best "qcp check" "$BIN/qcp" check "$B" --as-of $AS_OF --format json; CHECK=$SECS; CHECKCPU=$CPU
cp "$WORK/out.json" "$WORK/apps.json"
best "qcp's own reading (fast path, validation)" "$BIN/examples/parse_only" "$B" --qcp; OWN=$SECS; OWNCPU=$CPU
python3 - "$WORK/apps.json" <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
n = [len(x.get("findings", [])) for x in d["files"] if x.get("findings") is not None]
print(f"   findings: {dict(d['summary'])}; files with findings: {sum(1 for k in n if k)} of {len(n)}")
PY
best "bare YAML parse, no documents section" "$BIN/examples/parse_only" "$N"; NPARSE=$SECS
best "qcp check, no documents section" "$BIN/qcp" check "$N" --as-of $AS_OF --format json; NCHECK=$SECS
echo "   qcp check / bare parse: $(ratio "$CHECK" "$PARSE")x with documents ($(ratio "$CHECKCPU" "$PARSECPU")x in CPU time), $(ratio "$NCHECK" "$NPARSE")x without (target <= 1.3x)"
echo "   qcp's own reading / bare parse: $(ratio "$OWN" "$PARSE")x ($(ratio "$OWNCPU" "$PARSECPU")x in CPU time)"
echo "   qcp check / qcp's own reading: $(ratio "$CHECK" "$OWN")x ($(ratio "$CHECKCPU" "$OWNCPU")x in CPU time): what the checks add"
