#!/usr/bin/env bash
# P5: the conductor alone. docker run of a module image of the federated-learning sample (arg 1, e.g. the
# aggregator's reference from images.json) with the conductor's environment and command, nothing else
# running; prints the CPU-s (/proc/<pid>/stat, user + system) and the classes loaded when its output
# shows "listening on port" and when it shows "run built" (a build before that line has none: there
# listening comes after the build). Class loading is logged by -Xlog:class+load to stdout, so the lines
# before each marker are counted. Arg 2: a tag for the container and work folder (target/alone-<tag>).
#   benchmarks/conductor-alone.sh 10.77.0.1:5000/dev.manta/aggregator@sha256:… main1
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMG=$1; TAG=${2:-x}
D="$ROOT/benchmarks/target/alone-$TAG"; rm -rf "$D"; mkdir -p "$D"; echo secret-token > "$D/token"
cp "$ROOT/samples/federated-learning/target/classes/META-INF/manta/swarms/fl_experiment.json" "$D/manifest.json"
# The test cluster's nodes (scripts/cluster-nodes), as manta:deploy passes them.
NODES='[{"hostname":"vm","id":"node-1","datasets":["digits-test"],"gpu":false,"labels":{},"modules":["aggregator","evaluator","scheduler"]},{"hostname":"mnode2","id":"node-2","datasets":["digits"],"gpu":false,"labels":{},"modules":["aggregator","scheduler","trainer"]},{"hostname":"mnode3","id":"node-3","datasets":["digits"],"gpu":true,"labels":{},"modules":["aggregator","scheduler","trainer"]}]'
CID=$(docker run -d --name manta-alone-$TAG -v "$D":/x -e MANTA_SWARM=fl_experiment -e MANTA_TOKEN_FILE=/x/token \
  -e "MANTA_NODES=$NODES" -e MANTA_GLOBALS='{}' -e MANTA_SEED=1 -e MANTA_LEASE=PT10S -e MANTA_AGENT_WAIT=PT5M \
  -e MANTA_JOURNAL_DIR=/x/journal -e MANTA_MANIFEST_FILE=/x/manifest.json --entrypoint java "$IMG" \
  -Xlog:class+load:stdout -cp '/app/classes:/app/libs/*' dev.manta.runtime.cluster.ConductorMain)
T0=$(date +%s.%N)
PID=$(docker inspect -f '{{.State.Pid}}' $CID)
TCK=$(getconf CLK_TCK)
cpu() { awk -v t=$TCK '{printf "%.2f", ($14+$15)/t}' /proc/$PID/stat; }
L=""; R=""
for i in $(seq 1 600); do
  docker logs $CID > $D/out.txt 2>&1 || true
  if [ -z "$L" ] && grep -q "listening on port" $D/out.txt; then L="$(cpu) CPU-s $(awk 'NR==FNR{} /listening on port/{print n; exit} /class,load/{n++}' $D/out.txt) classes $(echo "$(date +%s.%N) - $T0" | bc) s"; fi
  if [ -n "$L" ] && [ -z "${LT:-}" ]; then LT=$i; fi
  if [ -n "${LT:-}" ] && [ $((i - LT)) -gt 60 ]; then break; fi
  if grep -q "run built\|cannot start" $D/out.txt; then R="$(cpu) CPU-s $(awk '/run built|cannot start/{print n; exit} /class,load/{n++}' $D/out.txt) classes $(echo "$(date +%s.%N) - $T0" | bc) s"; break; fi
  sleep 0.05
done
echo "$TAG listening: $L | built: $R | JDK classes to listening: $(awk '/listening on port/{exit} /class,load/ && /shared objects file|jrt:/{n++} END{print n}' $D/out.txt)"
docker rm -f $CID >/dev/null
