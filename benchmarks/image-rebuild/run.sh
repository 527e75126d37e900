#!/usr/bin/env bash
# Issue 13, P6: image rebuild after a one-class change, manta:build against the Jib Maven plugin.
#
#   benchmarks/image-rebuild/run.sh [mvn arguments, e.g. -Dmaven.repo.local=...]
#
# Environment: ROUNDS (timed rounds of each kind, default 5), REGISTRY (default 10.77.0.1:5000, plain
# HTTP), BASE (the base image, default the test cluster's /var/lib/manta-cluster/base-image),
# JFR=1 (record the tools' Maven JVMs with JFR during the change rounds, into target/jfr; for finding
# where the time goes, not for the ratio), PARALLEL=1 (a third contestant in every round, manta4:
# manta:build with -Dmanta.imageThreads=4, the four images side by side instead of one after the
# other). Build logs (with times) go to target/logs.
#
# Works on a scratch copy of samples/federated-learning (the sample stays unchanged) under
# benchmarks/image-rebuild/target/fl. Both tools build the same four images (one per task module,
# running dev.manta.spi.Launchers with the module's task class) on the same base and push them to the same registry, manta to
# p6bench/<module>, Jib to p6bench/jib-<module> (jib-profile.xml, spliced into the copy's pom):
#   manta: mvn manta:build            (forks the lifecycle up to process-classes)
#   jib:   mvn -Pp6-jib process-classes jib:build@aggregator ... jib:build@trainer
# Whole Maven invocations are timed. One warm-up of each, then ROUNDS alternating rounds in which
# each build follows an edit of Trainer.run (a new string literal, so Trainer.class changes; every
# edit is new, so no layer is in the registry yet), then ROUNDS alternating no-change rebuilds. Prints
# every time, the median and minimum of each, the ratios manta/jib (whole build, and the image step
# alone from the logs' times), and whether each tool's digests stayed the same over the no-change
# rebuilds and after touching every source (all recompiled, same bytes). Nothing is asserted; the
# exit status is 0 unless a build fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-5}
registry=${REGISTRY:-10.77.0.1:5000}
base=${BASE:-$(cat /var/lib/manta-cluster/base-image 2>/dev/null || true)}
if [ -z "$base" ]; then
  echo "no base image: set BASE=REFERENCE or bring the test cluster up (scripts/cluster up 3)" >&2
  exit 2
fi
mvn_args=("$@")
out="$here/target"
work="$out/fl"
logs="$out/logs"
rm -rf "$work" "$logs"
mkdir -p "$work" "$logs"

# The scratch copy: the sample's pom (parent found in this checkout) plus the Jib profile.
cp -r "$root/samples/federated-learning/pom.xml" "$root/samples/federated-learning/src" "$work/"
sed -i "s#<artifactId>manta-samples</artifactId>#&\n    <relativePath>$root/samples/pom.xml</relativePath>#" "$work/pom.xml"
awk -v f="$here/jib-profile.xml" '/<\/project>/ { while ((getline l < f) > 0) print l } { print }' "$work/pom.xml" \
  > "$work/pom.xml.new" && mv "$work/pom.xml.new" "$work/pom.xml"
trainer="$work/src/main/java/dev/manta/samples/fl/Trainer.java"
cp "$trainer" "$out/Trainer.java.orig"
trainer_class="$work/target/classes/dev/manta/samples/fl/Trainer.class"

edits=0
edit() {  # a new string literal in Trainer.run's body
  edits=$((edits + 1))
  sed "s/\"round %d: trained/\"round %d [p6 edit $edits]: trained/" "$out/Trainer.java.orig" > "$trainer"
  grep -q "p6 edit $edits" "$trainer" || { echo "cannot edit $trainer: the log line changed" >&2; exit 1; }
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

manta_digests() { grep '"digest"' "$work/target/manta/images.json" | tr -d ' ,"' | sed 's/^digest://' | tr '\n' ' '; }
jib_digests() { for m in aggregator evaluator scheduler trainer; do cat "$work/target/jib-$m.digest"; echo -n ' '; done; }

# The image step of a build, from its log's times: from the first line of the image goal
# (manta:build, or jib's first execution) to BUILD SUCCESS. Everything before it (Maven's start,
# compile, the sample's partition step) is the same work for both tools.
image_ms() {
  awk '/--- (manta|jib)-maven-plugin:/ && !s { s = t($1) } /BUILD SUCCESS/ { e = t($1) }
       function t(x,  a) { split(x, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
       END { d = e - s; if (d < 0) d += 86400000; print d }' "$1"
}

last_ms=0
last_image_ms=0
build() {  # build manta|jib LABEL [jfr]: runs one build, sets last_ms and last_image_ms
  local tool=$1 label=$2 log="$logs/$2.log" start end
  local -a cmd=(mvn -B "${mvn_args[@]}" -f "$work" -Dorg.slf4j.simpleLogger.showDateTime=true
    -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
  if [ "$tool" = manta ] || [ "$tool" = manta4 ]; then
    if [ "$tool" = manta4 ]; then cmd+=(-Dmanta.imageThreads=4); fi
    cmd+=(manta:build -Dmanta.registry="$registry"
      -Dmanta.allowInsecureRegistries=true -Dmanta.baseImage="$base" -Dmanta.imageNamespace=p6bench)
  else
    cmd+=(-Pp6-jib process-classes jib:build@aggregator jib:build@evaluator
      jib:build@scheduler jib:build@trainer -Dp6.registry="$registry" -Dp6.baseImage="$base"
      -Djib.baseImageCache="$work/target/jib-base-cache")
  fi
  local opts=${MAVEN_OPTS:-}
  if [ "${3:-}" = jfr ]; then
    mkdir -p "$out/jfr"
    opts="$opts -XX:StartFlightRecording=filename=$out/jfr/$label.jfr,settings=profile"
  fi
  start=$(now_ms)
  if ! MAVEN_OPTS="$opts" "${cmd[@]}" > "$log" 2>&1; then
    echo "$label failed; the last lines of $log:" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  end=$(now_ms)
  last_ms=$((end - start))
  last_image_ms=$(image_ms "$log")
}

stats() {  # stats MS...: prints "median min" in ms
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1] }'
}
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "P6 image rebuild: samples/federated-learning (4 images), registry $registry, base $base"
echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, rounds $rounds"

tools=(manta jib)
if [ "${PARALLEL:-}" = 1 ]; then tools+=(manta4); fi
for tool in "${tools[@]}"; do
  edit; build "$tool" "warmup-$tool"; echo "warm-up  $tool $(secs $last_ms) (first push of its layers)"
done

declare -A change image same ref same_ok touch_ok
digests() { if [ "$1" = jib ]; then jib_digests; else manta_digests; fi; }
rotation() {  # the tools, rotated by round: every tool goes first as often as the others
  local n=${#tools[@]} k
  for k in $(seq 0 $((n - 1))); do echo "${tools[$(( (k + $1) % n ))]}"; done
}
prev_class=$(sha256sum "$trainer_class" | cut -d' ' -f1)
for i in $(seq 1 "$rounds"); do
  line="change   round $i:"
  for tool in $(rotation "$i"); do
    edit
    jfr=""
    if [ "${JFR:-}" = 1 ]; then jfr=jfr; fi
    build "$tool" "change-$tool-$i" $jfr
    class=$(sha256sum "$trainer_class" | cut -d' ' -f1)
    if [ "$class" = "$prev_class" ]; then echo "Trainer.class did not change after edit $edits" >&2; exit 1; fi
    prev_class=$class
    change[$tool]+=" $last_ms"; image[$tool]+=" $last_image_ms"
    line="$line $tool $(secs $last_ms) (image step $(secs $last_image_ms))"
  done
  echo "$line"
done

# No change from here on: one untimed build of each first (each tool's last build may precede the last edit).
for tool in "${tools[@]}"; do
  build "$tool" "settle-$tool"; ref[$tool]=$(digests "$tool"); same_ok[$tool]=identical
done
for i in $(seq 1 "$rounds"); do
  line="no-change round $i:"
  for tool in $(rotation "$i"); do
    build "$tool" "nochange-$tool-$i"
    same[$tool]+=" $last_ms"
    [ "$(digests "$tool")" = "${ref[$tool]}" ] || same_ok[$tool]=CHANGED
    line="$line $tool $(secs $last_ms)"
  done
  echo "$line"
done

# Reproducible regardless of file times: touch every source (all recompiled, same bytes) and build again.
for tool in "${tools[@]}"; do
  find "$work/src" -type f -exec touch {} +
  build "$tool" "touched-$tool"
  [ "$(digests "$tool")" = "${ref[$tool]}" ] && touch_ok[$tool]=identical || touch_ok[$tool]=CHANGED
done

declare -A med mn
for tool in "${tools[@]}"; do
  for kind in change image same; do
    declare -n values=$kind
    read -r m n < <(printf '%s\n' ${values[$tool]} | stats)
    med[$kind.$tool]=$m; mn[$kind.$tool]=$n
  done
done
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
for tool in "${tools[@]}"; do
  echo "$tool: one-class change median $(secs "${med[change.$tool]}") (min $(secs "${mn[change.$tool]}")), image step" \
    "median $(secs "${med[image.$tool]}") (min $(secs "${mn[image.$tool]}")); no change median" \
    "$(secs "${med[same.$tool]}") (min $(secs "${mn[same.$tool]}")); digests over $((rounds + 1)) no-change builds" \
    "${same_ok[$tool]}, after touching every source ${touch_ok[$tool]}"
done
for tool in "${tools[@]}"; do
  [ "$tool" = jib ] && continue
  echo "RATIO $tool/jib one-class change: median $(ratio "${med[change.$tool]}" "${med[change.jib]}")" \
    "(min $(ratio "${mn[change.$tool]}" "${mn[change.jib]}")); target <= 1.0"
  echo "RATIO $tool/jib image step after the change: median $(ratio "${med[image.$tool]}" "${med[image.jib]}")" \
    "(min $(ratio "${mn[image.$tool]}" "${mn[image.jib]}"))"
  echo "RATIO $tool/jib no change: median $(ratio "${med[same.$tool]}" "${med[same.jib]}")" \
    "(min $(ratio "${mn[same.$tool]}" "${mn[same.jib]}"))"
done
echo "logs: $logs"
