#!/usr/bin/env bash
# Executions/s against executions in flight for both engines, run alternately (ours, peer) at each concurrency, drawn
# into docs/bench-throughput.png (data in bench/results/throughput-sweep.json, raw runs in bench/results/raw/).
#
#   bench/plot-throughput.sh [--levels 1,10,50,100,200] [--rounds 1] [--conc-total 3000] [--mix mixed|happy]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LEVELS=1,10,50,100,200 ROUNDS=1 CONC_TOTAL=3000 MIX=mixed
while [[ $# -gt 0 ]]; do
  case $1 in
    --levels) LEVELS=$2 ;;
    --rounds) ROUNDS=$2 ;;
    --conc-total) CONC_TOTAL=$2 ;;
    --mix) MIX=$2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  [[ $# -ge 2 ]] || die "$1 needs a value"
  shift 2
done
[[ $LEVELS =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--levels must be comma-separated positive numbers"
[[ $ROUNDS =~ ^[1-9][0-9]*$ && $CONC_TOTAL =~ ^[1-9][0-9]*$ ]] || die "--rounds and --conc-total must be positive numbers"
[[ $MIX == mixed || $MIX == happy ]] || die "--mix must be mixed or happy"

install_peer
build_ours
mkdir -p "$RAW"
rm -f "$RAW"/sweep-*.json
# Only the concurrent phase is plotted; the sequential one is kept short.
OPTS=(--mix "$MIX" --warmup 500 --seq 200 --conc-total "$CONC_TOTAL" --repeat 1)
IFS=, read -r -a levels <<<"$LEVELS"
for ((r = 1; r <= ROUNDS; r++)); do
  for c in "${levels[@]}"; do
    echo "# round $r, concurrency $c: ours, then peer"
    run_ours "$RAW/sweep-ours-c$c-r$r.json" "$RAW/sweep-ours-c$c-r$r.log" "${OPTS[@]}" --concurrency "$c"
    run_peer "$RAW/sweep-peer-c$c-r$r.json" "$RAW/sweep-peer-c$c-r$r.log" "${OPTS[@]}" --concurrency "$c"
  done
done
python3 "$REPO/bench/summarize.py" sweep --raw-dir "$RAW" --concurrency "$LEVELS" \
  --out-json "$RESULTS/throughput-sweep.json" --out-png "$REPO/docs/bench-throughput.png" \
  --note "mix=$MIX, $CONC_TOTAL executions per point, median of $ROUNDS round(s), same 2-core machine, engines run alternately"
