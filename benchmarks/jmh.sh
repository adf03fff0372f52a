#!/usr/bin/env bash
# The JMH hot-path benchmarks (benchmarks/src/main/java/dev/swiftlet/bench: chunk lookup for a READ range,
# decompress + verify of a 1 MiB chunk per compressor and digest), one fork, and their RESULTS.md section
# "Hot-path microbenchmarks (JMH)" rewritten from JMH's own CSV output (no hand-written figures).
# usage: benchmarks/jmh.sh [REGEX=.]   env: JMH_OPTS (default "-f 1 -wi 3 -i 5 -w 2s -r 2s"), NO_RESULTS=1 prints only,
#        SWIFTLET_REBUILD=1 rebuilds benchmarks.jar first
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
REGEX=${1:-.}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s}
JAR=$ROOT/benchmarks/target/benchmarks.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl benchmarks -am package); fi
W=$(mktemp -d /var/tmp/swiftlet-jmh.XXXXXX)
trap 'rm -rf "$W"' EXIT
cp "$JAR" "$W/benchmarks.jar" # a private copy: a rebuild during the run must not change what is measured
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$W/benchmarks.jar" $JMH_OPTS \
	-jvmArgsAppend "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
	-rf csv -rff "$W/jmh.csv" "$REGEX" >"$W/jmh.log" 2>&1 || { cat "$W/jmh.log" >&2; echo "jmh.sh: JMH failed" >&2; exit 1; }
python3 - "$W/jmh.csv" "$JMH_OPTS" "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" >"$W/out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"JMH {sys.argv[2]}, average time per operation (lower is better), {sys.argv[3]}")
print("| benchmark | parameters | mode | score | error (99.9%) | unit |")
print("|---|---|---|---|---|---|")
for r in rows:
    params = ", ".join(f"{k[len('Param: '):]}={v}" for k, v in r.items() if k.startswith("Param: ") and v)
    name = r["Benchmark"].removeprefix("dev.swiftlet.bench.")
    print(f"| {name} | {params or '-'} | {r['Mode']} | {float(r['Score']):.1f} | ± {float(r['Score Error (99.9%)'] or 'nan'):.1f} | {r['Unit']} |")
PY
{
	grep -E '^# (JMH version|VM version|Warmup|Measurement|Threads):' "$W/jmh.log" | sort -u | sed 's/^# //'
	grep -m1 -o 'chunk digests: .*' "$W/jmh.log" # which BLAKE3 the digest benchmarks ran (native or Java)
} >"$W/header" || true
{ head -1 "$W/out"; cat "$W/header"; echo; tail -n +2 "$W/out"; } | tee "$W/section"
if [[ "${NO_RESULTS:-0}" != 1 ]]; then
	"$ROOT/benchmarks/update-results.sh" "Hot-path microbenchmarks (JMH)" "benchmarks/jmh.sh $REGEX" \
		"$(uname -r), $(nproc) CPUs, load average $LOAD_BEFORE before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$W/section"
fi
