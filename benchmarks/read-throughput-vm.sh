#!/usr/bin/env bash
# Read-path benchmark of the cachefiles front end, in the test VM (Linux 6.12 with cachefiles on-demand; software
# emulation, one TCG thread): the same harness as read-throughput.sh — cold and warm sequential reads through the
# daemon vs. the image mounted file-backed from fully local files — in one boot, interleaved rounds. Absolute
# numbers under emulation mean little; the ratios, measured side by side, are the result.
# Rewrites the "Read throughput (cachefiles, VM)" section of benchmarks/RESULTS.md.
# usage: benchmarks/read-throughput-vm.sh [SIZE_MIB=128] [ROUNDS=3]
# env TCG_THREAD=multi gives the guest two host cores (multi-threaded TCG; see scripts/vm/run-vm.sh for its risk)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
SIZE=${1:-128} ROUNDS=${2:-3}
(cd "$ROOT" && mvn -q -B -DskipTests -pl benchmarks -am package)
SHARE=$(mktemp -d /var/tmp/swiftlet-bench-vm.XXXXXX)
mkdir -p "$SHARE/out"
# the checkout may be hidden in the guest (/tmp): the jar goes through the share
cp "$ROOT/benchmarks/target/benchmarks.jar" "$SHARE/benchmarks.jar"
cat >"$SHARE/guest.sh" <<GUEST
set -e
exec '$JAVA_HOME/bin/java' -XX:-UseSHA --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
	-Djava.util.logging.config.file=/dev/null -cp /mnt/share/benchmarks.jar dev.swiftlet.bench.ReadThroughput \
	--frontend cachefiles --size-mib $SIZE --rounds $ROUNDS --work /mnt/cache/bench > /mnt/share/out/bench.log 2>/mnt/share/out/bench.err
GUEST
SHARE="$SHARE" "$ROOT/scripts/vm/run-vm.sh" /mnt/share/guest.sh || true
if [[ "$(cat "$SHARE/out/rc" 2>/dev/null)" != 0 ]] || ! grep -q '^| cachefiles' "$SHARE/out/bench.log"; then
	echo "read-throughput-vm.sh: the guest run failed; see $SHARE/out/{bench.log,bench.err,console.log}" >&2
	tail -20 "$SHARE/out/bench.err" "$SHARE/out/bench.log" "$SHARE/out/console.log" >&2 || true
	exit 1
fi
cat "$SHARE/out/bench.log"
"$ROOT/benchmarks/update-results.sh" "Read throughput (cachefiles, VM)" \
	"benchmarks/read-throughput-vm.sh $SIZE $ROUNDS" "6.12 guest under qemu TCG (${TCG_THREAD:-single} thread)" "$SHARE/out/bench.log"
rm -rf "$SHARE"
