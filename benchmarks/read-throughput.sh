#!/usr/bin/env bash
# Read-path benchmark on this host (fanotify front end, Linux 6.14+, ext4 under /var/tmp, root): cold and warm
# sequential reads of a large file through a `swiftlet daemon` process vs. the same image mounted from fully local
# files, interleaved rounds in one run (harness: read-bench.sh, driving the swiftlet CLI). With docker-registry
# and skopeo installed, each round also reads it cold from a local registry, and its first 64 MiB over a 100 Mbit/s
# link against a plain download of as many stored bytes over the same link.
# Prints the tables and rewrites the "Read throughput (fanotify, host)" section of benchmarks/RESULTS.md.
# usage: benchmarks/read-throughput.sh [SIZE_MIB=256] [ROUNDS=3] [COMPRESSOR=zstd]
# (another compressor writes its own section, "Read throughput (fanotify, host, COMPRESSOR)")
# COMPRESSOR=raw: a plain mkfs.erofs image of SIZE MiB from /dev/urandom, and each round also reads it through the
# minimal C fanotify daemon (benchmarks/baseline/fanotify-baseline.c, compiled here with gcc into the work dir); no
# registry; writes the section "Read paths against C baselines (fanotify, host)"
# env: BENCH_JFR=1 adds one uncounted round whose daemon is profiled with JFR (hot methods printed);
#      SWIFTLET_REBUILD=1 rebuilds fscache-daemon/target/swiftlet.jar first (otherwise it is built only when missing)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
SIZE=${1:-256} ROUNDS=${2:-3} COMPRESSOR=${3:-zstd}
[[ $EUID -eq 0 ]] || { echo "read-throughput.sh: needs root (mounts, fanotify, drop_caches)" >&2; exit 1; }
JAR=$ROOT/fscache-daemon/target/swiftlet.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl fscache-daemon -am package); fi
W=/var/tmp/swiftlet-read-bench
mkdir -p "$W"
# a private copy: a rebuild of the daemon during the run must not change what is measured
cp "$JAR" "$W/swiftlet.jar"
OPTS=()
# with a registry, each round also reads the first 64 MiB over a 100 Mbit/s link (a throttling proxy)
if [[ $COMPRESSOR == raw ]]; then
	mkdir -p "$W/bin"
	gcc -O2 -Wall -pthread -o "$W/bin/fanotify-baseline" "$ROOT/benchmarks/baseline/fanotify-baseline.c"
	OPTS+=(--baseline "$W/bin/fanotify-baseline")
elif command -v docker-registry >/dev/null && command -v skopeo >/dev/null; then
	OPTS+=(--registry --link-mbit 100)
fi
[[ "${BENCH_JFR:-0}" == 1 ]] && OPTS+=(--jfr)
LOG=$(mktemp)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"$ROOT/benchmarks/read-bench.sh" --frontend fanotify --jar "$W/swiftlet.jar" --work "$W/run" --size-mib "$SIZE" \
	--rounds "$ROUNDS" --compressor "$COMPRESSOR" "${OPTS[@]}" | tee "$LOG"
TITLE="Read throughput (fanotify, host)" COMMAND="benchmarks/read-throughput.sh $SIZE $ROUNDS"
if [[ $COMPRESSOR == raw ]]; then TITLE="Read paths against C baselines (fanotify, host)" COMMAND+=" raw"
elif [[ $COMPRESSOR != zstd ]]; then TITLE="Read throughput (fanotify, host, $COMPRESSOR)" COMMAND+=" $COMPRESSOR"; fi
"$ROOT/benchmarks/update-results.sh" "$TITLE" "$COMMAND" \
	"$(uname -r), $(nproc) CPUs, load average $LOAD_BEFORE before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$LOG"
rm -f "$LOG"
rm -rf "$W/run"
