#!/usr/bin/env bash
# Runs one benchmark against two builds back to back, so both figures see the same machine load.
#   benchmarks/compare.sh <local repository A> <local repository B> -Dbench=FedRound -Dnodes=1000 ...
# Each repository holds an installed manta-runtime (mvn -q install -DskipTests -Dmaven.repo.local=...).
# Prints each build's output under a header with the time and the load average.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 <repository A> <repository B> -Dbench=<Name> [-Dnodes=N -Drounds=N ...]" >&2
  exit 2
fi
a=$1 b=$2
shift 2
cd "$(dirname "$0")/.."
for repo in "$a" "$b"; do
  echo "== $repo $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  mvn -B -q -f benchmarks compile exec:exec "$@" -Dmaven.repo.local="$repo" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^\s*$'
done
