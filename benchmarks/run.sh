#!/usr/bin/env bash
# Runs every benchmark, one after another (never two at once: each wants the whole machine), each rewriting its own
# section of benchmarks/RESULTS.md, then redraws the plots (benchmarks/plots.sh). Needs root (mounts, fanotify,
# drop_caches); the VM benchmark needs qemu and the cached test kernel (scripts/vm).
#   jmh               benchmarks/jmh.sh                 Hot-path microbenchmarks (JMH)          ~2 min
#   build             benchmarks/build-throughput.sh    Image build throughput                  ~2 min
#   convert           benchmarks/convert-throughput.sh  Image convert throughput                ~5 min (first: +debootstrap)
#   startup           benchmarks/startup.sh             Daemon start-up                         ~2 min
#   read              benchmarks/read-throughput.sh     Read throughput (fanotify, host)        ~5 min (+ registry)
#   read-raw          benchmarks/read-throughput.sh raw Read paths against C baselines (fanotify, host)  ~3 min
#   scale             benchmarks/scale.sh               Scale                                   ~10 min (first: +5)
#   container-start   benchmarks/container-start.sh     Container start (when present)          ~15 min
#   read-vm           benchmarks/read-throughput-vm.sh  Read throughput (cachefiles, VM)        ~40 min
#   read-raw-vm       benchmarks/read-throughput-vm.sh raw  Read paths against C baselines (cachefiles, VM)  ~20 min
#   plots             benchmarks/plots.sh               Plots
# usage: benchmarks/run.sh [--skip-vm] [--quick] [--skip NAME,...] [--only NAME,...]
#   --skip-vm   leaves out read-vm and read-raw-vm (the slow ones: software emulation)
#   --quick     leaves out read-vm, read-raw-vm and container-start, and runs fewer rounds of the others (a smoke run: its
#               figures are still side-by-side ratios, only noisier)
# A failing benchmark does not stop the others; the run exits non-zero naming the ones that failed. Each one's
# output is kept in /var/tmp/swiftlet-bench-logs/NAME.log. The jar is built once at the start (mvn package) and every
# benchmark copies it privately, so edits in the checkout during the run change nothing measured (NO_BUILD=1: use
# the jars as they are).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/benchmarks
ALL=(jmh build convert startup read read-raw scale container-start read-vm read-raw-vm plots)
SKIP=() ONLY=() QUICK=0
while (($#)); do
	case $1 in
	--skip-vm) SKIP+=(read-vm read-raw-vm) ;;
	--quick) QUICK=1 SKIP+=(read-vm read-raw-vm container-start) ;;
	--skip) IFS=, read -ra more <<<"$2"; SKIP+=("${more[@]}"); shift ;;
	--only) IFS=, read -ra ONLY <<<"$2"; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
for n in "${SKIP[@]}" "${ONLY[@]}"; do
	[[ " ${ALL[*]} " == *" $n "* ]] || { echo "run.sh: no benchmark named '$n' (names: ${ALL[*]})" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "run.sh: needs root (mounts, fanotify, drop_caches)" >&2; exit 1; }
source "$ROOT/scripts/jdk.sh"
wanted() {
	local n=$1
	((${#ONLY[@]})) && [[ " ${ONLY[*]} " != *" $n "* ]] && return 1
	[[ " ${SKIP[*]} " == *" $n "* ]] && return 1
	return 0
}

LOGS=/var/tmp/swiftlet-bench-logs
mkdir -p "$LOGS"
if [[ "${NO_BUILD:-0}" != 1 ]]; then
	echo "run.sh: building swiftlet.jar and benchmarks.jar (mvn package)" >&2
	(cd "$ROOT" && mvn -q -B -DskipTests -pl benchmarks -am package)
fi

# the build and convert benchmarks print only: their sections are written here, from their output
printed_benchmark() {
	local script=$1 title=$2 rounds=$3 log load
	log=$(mktemp)
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	"$B/$script" "$rounds" | tee "$log" || { rm -f "$log"; return 1; } # (set -e is off under run.sh's if)
	"$B/update-results.sh" "$title" "benchmarks/$script $rounds" \
		"$(uname -r), $(nproc) CPUs, load average $load before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$log"
	rm -f "$log"
}
build_throughput() { printed_benchmark build-throughput.sh "Image build throughput" "$1"; }
convert_throughput() { printed_benchmark convert-throughput.sh "Image convert throughput" "$1"; }
container_start() {
	if [[ -x "$B/container-start.sh" ]]; then
		"$B/container-start.sh" "$@"
	else
		echo "run.sh: benchmarks/container-start.sh is not in this checkout: skipped"
	fi
}
# command line of each benchmark: full and --quick
declare -A CMD QCMD
CMD[jmh]="$B/jmh.sh"
QCMD[jmh]="env JMH_OPTS='-f 1 -wi 1 -i 2 -w 1s -r 1s' $B/jmh.sh"
CMD[build]="build_throughput 2"
QCMD[build]="build_throughput 1"
CMD[convert]="convert_throughput 2"
QCMD[convert]="convert_throughput 1"
CMD[startup]="$B/startup.sh 7"
QCMD[startup]="$B/startup.sh 5"
CMD[read]="$B/read-throughput.sh 256 3"
QCMD[read]="$B/read-throughput.sh 128 2"
CMD[read-raw]="$B/read-throughput.sh 256 3 raw"
QCMD[read-raw]="$B/read-throughput.sh 128 2 raw"
CMD[scale]="$B/scale.sh 50 8 3"
QCMD[scale]="$B/scale.sh 50 8 1"
CMD[container-start]="container_start"
QCMD[container-start]="container_start"
CMD[read-vm]="$B/read-throughput-vm.sh 128 3"
QCMD[read-vm]="$B/read-throughput-vm.sh 64 2"
CMD[read-raw-vm]="$B/read-throughput-vm.sh 128 3 raw"
QCMD[read-raw-vm]="$B/read-throughput-vm.sh 64 2 raw"
CMD[plots]="$B/plots.sh"
QCMD[plots]="$B/plots.sh"

FAILED=() STARTED=$(date +%s)
for n in "${ALL[@]}"; do
	wanted "$n" || { echo "== $n: skipped" >&2; continue; }
	cmd=${CMD[$n]}
	((QUICK)) && cmd=${QCMD[$n]}
	echo "== $n: $cmd (load average $(cut -d' ' -f1-3 /proc/loadavg); log $LOGS/$n.log)" >&2
	t0=$(date +%s)
	if eval "$cmd" >"$LOGS/$n.log" 2>&1; then
		echo "== $n: done in $(($(date +%s) - t0)) s" >&2
	else
		echo "== $n: FAILED after $(($(date +%s) - t0)) s; last lines of $LOGS/$n.log:" >&2
		tail -n 15 "$LOGS/$n.log" >&2
		FAILED+=("$n")
	fi
done
echo "run.sh: finished in $((($(date +%s) - STARTED) / 60)) min; RESULTS.md: $B/RESULTS.md" >&2
if ((${#FAILED[@]})); then
	echo "run.sh: failed: ${FAILED[*]}" >&2
	exit 1
fi
