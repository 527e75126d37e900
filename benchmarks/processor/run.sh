#!/usr/bin/env bash
# Processor overhead benchmark (issue 13, P1): javac on a generated project of N @Swarm interfaces
# x 10 task classes, with the Manta processor and with -proc:none, both measured in the same run;
# prints min/median wall time, median CPU time, peak RSS and the ratios.
# Usage: benchmarks/processor/run.sh [N ...]   (default: 100 1000)
# Environment: RUNS (measured runs per variant, default 3); WARMUP=false (no warm-up compilation,
# for 1000 swarms where one takes minutes); PROCESSOR_JAR (another build of the
# processor to measure, e.g. an earlier commit's, instead of the one built here).
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 1000)
mvn -B -q -pl processor -am install -DskipTests
cp_file=$(mktemp)
# manta-dsl, Jackson and JavaPoet: the project's class path, and with the processor its processor path.
mvn -B -q -pl processor dependency:build-classpath -Dmdep.outputFile="$cp_file" -DincludeScope=runtime >/dev/null
deps=$(cat "$cp_file")
rm -f "$cp_file"
jar=${PROCESSOR_JAR:-processor/target/manta-processor-0.1.0-SNAPSHOT.jar}
java -Druns="${RUNS:-3}" -Dwarmup="${WARMUP:-true}" benchmarks/processor/ProcessorOverhead.java "$deps" "$jar:$deps" "${counts[@]}"
