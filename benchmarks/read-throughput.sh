#!/usr/bin/env bash
# Read-path benchmark on this host (fanotify front end, Linux 6.14+, root): cold and warm sequential reads of a
# large file through the daemon vs. the same image mounted from fully local files, interleaved rounds in one run.
# Also reads it cold from a local docker-registry (registry backend vs localfs backend).
# Prints the tables and rewrites the "Read throughput (fanotify, host)" section of benchmarks/RESULTS.md.
# usage: benchmarks/read-throughput.sh [SIZE_MIB=256] [ROUNDS=3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
SIZE=${1:-256} ROUNDS=${2:-3}
[[ $EUID -eq 0 ]] || { echo "read-throughput.sh: needs root (mounts, fanotify, drop_caches)" >&2; exit 1; }
(cd "$ROOT" && mvn -q -B -DskipTests -pl benchmarks -am package)
LOG=$(mktemp)
java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.util.logging.config.file=/dev/null \
	-cp "$ROOT/benchmarks/target/benchmarks.jar" dev.swiftlet.bench.ReadThroughput \
	--frontend fanotify --size-mib "$SIZE" --rounds "$ROUNDS" --registry --work /var/tmp/swiftlet-read-bench 2>/dev/null | tee "$LOG"
"$ROOT/benchmarks/update-results.sh" "Read throughput (fanotify, host)" \
	"benchmarks/read-throughput.sh $SIZE $ROUNDS" "$(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)" "$LOG"
rm -f "$LOG"
