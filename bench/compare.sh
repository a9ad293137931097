#!/usr/bin/env bash
# Runs the local Step Functions engine (`bench engine`) and the peer (aws-local-stepfunctions@3.0.0 on Node 22,
# ../shared/bench/peer) ALTERNATELY on this machine, on the same ASL and scenario mix, and prints a side-by-side table
# with ratios ours/peer. Writes bench/results/engine-vs-peer.json (raw runs in bench/results/raw/).
#
#   bench/compare.sh [--rounds 3] [--repeat 3] [--warmup 500] [--seq 1000] [--conc-total 5000] [--concurrency 100] [--mix mixed|happy]
#
# The peer is installed with npm in $PEER_DIR (default /tmp/ordersaga-peer) if it is not there yet.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=3 REPEAT=3 WARMUP=500 SEQ=1000 CONC_TOTAL=5000 CONCURRENCY=100 MIX=mixed
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=$2 ;;
    --repeat) REPEAT=$2 ;;
    --warmup) WARMUP=$2 ;;
    --seq) SEQ=$2 ;;
    --conc-total) CONC_TOTAL=$2 ;;
    --concurrency) CONCURRENCY=$2 ;;
    --mix) MIX=$2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  [[ $# -ge 2 ]] || die "$1 needs a value"
  shift 2
done
for v in "$ROUNDS" "$REPEAT" "$WARMUP" "$SEQ" "$CONC_TOTAL" "$CONCURRENCY"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || die "'$v' is not a positive whole number"
done
[[ $MIX == mixed || $MIX == happy ]] || die "--mix must be mixed or happy"
[[ -f $ASL ]] || die "ASL not found: $ASL"

install_peer
build_ours
mkdir -p "$RAW"
rm -f "$RAW"/ours-r*.json "$RAW"/peer-r*.json
OPTS=(--mix "$MIX" --warmup "$WARMUP" --seq "$SEQ" --conc-total "$CONC_TOTAL" --concurrency "$CONCURRENCY" --repeat "$REPEAT")
OURS_CMD="DOTNET_ReadyToRun=${OURS_READYTORUN:-0} $OURS bench engine --asl $ASL ${OPTS[*]} --json <file>"
PEER_CMD="(cd $PEER_DIR && $PEER_NODE --expose-gc peer-bench.mjs --asl $ASL ${OPTS[*]} --json <file>)"
echo "# ours: $OURS_CMD"
echo "# peer: $PEER_CMD"
for ((r = 1; r <= ROUNDS; r++)); do
  echo "# round $r/$ROUNDS: ours"
  run_ours "$RAW/ours-r$r.json" "$RAW/ours-r$r.log" "${OPTS[@]}"
  grep -E '^(sequential|concurrent)' "$RAW/ours-r$r.log" | sed 's/^/#   /'
  echo "# round $r/$ROUNDS: peer"
  run_peer "$RAW/peer-r$r.json" "$RAW/peer-r$r.log" "${OPTS[@]}"
  grep -E '^(sequential|concurrent)' "$RAW/peer-r$r.log" | sed 's/^/#   /'
done

python3 "$REPO/bench/summarize.py" compare \
  --ours "$RAW"/ours-r*.json --peer "$RAW"/peer-r*.json \
  --out "$RESULTS/engine-vs-peer.json" --ours-command "$OURS_CMD" --peer-command "$PEER_CMD"
