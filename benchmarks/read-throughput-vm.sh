#!/usr/bin/env bash
# Read-path benchmark of the cachefiles front end, in the test VM (Linux 6.12 with cachefiles on-demand; software
# emulation, one TCG thread): the same harness as read-throughput.sh (read-bench.sh, driving the swiftlet CLI) —
# cold and warm sequential reads through a `swiftlet daemon` process vs. the image mounted file-backed from fully
# local files — in one boot, interleaved rounds. Absolute numbers under emulation mean little; the ratios, measured
# side by side, are the result. The image is built on the host (same CLI, same bytes) and copied to the guest's disk:
# under emulation each JVM start costs about a minute and listing /usr/lib over 9p several.
# Rewrites the "Read throughput (cachefiles, VM)" section of benchmarks/RESULTS.md.
# usage: benchmarks/read-throughput-vm.sh [SIZE_MIB=128] [ROUNDS=3] [raw]
# raw: a plain mkfs.erofs image of SIZE MiB from /dev/urandom, and each round also reads it through the minimal C
#   cachefiles daemon (benchmarks/baseline/cachefiles-baseline.c, compiled here statically: the guest has no gcc);
#   writes the section "Read paths against C baselines (cachefiles, VM)" instead.
# env: WARMUP (uncounted rounds first, default 0: each round's daemon is a fresh JVM anyway);
#      TCG_THREAD=multi gives the guest two host cores (multi-threaded TCG; see scripts/vm/run-vm.sh for its risk);
#      BENCH_JFR=1 adds one uncounted, JFR-profiled round; SWIFTLET_REBUILD=1 rebuilds swiftlet.jar first;
#      TIMEOUT (seconds for the whole boot, default 5400)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
SIZE=${1:-128} ROUNDS=${2:-3} KIND=${3:-zstd}
[[ $KIND == zstd || $KIND == raw ]] || { echo "read-throughput-vm.sh: the third argument is raw or nothing" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "read-throughput-vm.sh: needs root (the harness runs as root on the host to build the image)" >&2; exit 1; }
JAR=$ROOT/fscache-daemon/target/swiftlet.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl fscache-daemon -am package); fi
SHARE=$(mktemp -d /var/tmp/swiftlet-bench-vm.XXXXXX)
mkdir -p "$SHARE/out"
# the jar and the harness go through the share: private copies that a rebuild or an edit during the run leaves alone
cp "$JAR" "$SHARE/swiftlet.jar"
cp "$ROOT/benchmarks/read-bench.sh" "$SHARE/read-bench.sh"
"$SHARE/read-bench.sh" --frontend cachefiles --jar "$SHARE/swiftlet.jar" --work "$SHARE/prep" --size-mib "$SIZE" \
	--compressor "$KIND" --prepare-only --daemon-warmup 32
OPTS="--compressor $KIND"
[[ "${BENCH_JFR:-0}" == 1 ]] && OPTS+=" --jfr"
if [[ $KIND == raw ]]; then
	gcc -static -O2 -Wall -o "$SHARE/cachefiles-baseline" "$ROOT/benchmarks/baseline/cachefiles-baseline.c"
	OPTS+=" --baseline /mnt/share/cachefiles-baseline"
fi
cat >"$SHARE/guest.sh" <<GUEST
export JAVA_HOME='$JAVA_HOME' JAVA_OPTS=-XX:-UseSHA   # the guest CPU model lacks what the JDK's SHA intrinsics need
/bin/bash /mnt/share/read-bench.sh --frontend cachefiles --jar /mnt/share/swiftlet.jar --work /mnt/cache/bench \\
	--size-mib $SIZE --rounds $ROUNDS --warmup ${WARMUP:-0} --daemon-warmup 32 --prebuilt /mnt/share/prep $OPTS \\
	> /mnt/share/out/bench.log 2> /mnt/share/out/bench.err
GUEST
echo "read-throughput-vm.sh: booting the VM; progress in $SHARE/out/bench.err" >&2
SHARE="$SHARE" TIMEOUT=${TIMEOUT:-5400} "$ROOT/scripts/vm/run-vm.sh" /mnt/share/guest.sh || true
if [[ "$(cat "$SHARE/out/rc" 2>/dev/null)" != 0 ]] || ! grep -q '^| cachefiles' "$SHARE/out/bench.log"; then
	echo "read-throughput-vm.sh: the guest run failed; see $SHARE/out/{bench.log,bench.err,console.log}" >&2
	tail -n 20 "$SHARE/out/bench.err" "$SHARE/out/bench.log" "$SHARE/out/console.log" >&2 || true
	exit 1
fi
cat "$SHARE/out/bench.log"
TITLE="Read throughput (cachefiles, VM)" COMMAND="benchmarks/read-throughput-vm.sh $SIZE $ROUNDS"
[[ $KIND == raw ]] && TITLE="Read paths against C baselines (cachefiles, VM)" COMMAND+=" raw"
"$ROOT/benchmarks/update-results.sh" "$TITLE" "$COMMAND" \
	"6.12 guest under qemu TCG (${TCG_THREAD:-single} thread; host load average $(cut -d' ' -f1-3 /proc/loadavg) after)" \
	"$SHARE/out/bench.log"
rm -rf "$SHARE"
