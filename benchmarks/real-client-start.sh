#!/usr/bin/env bash
# Container start through the real client (issue #16), in the test VM (Linux 6.12, cachefiles on-demand, software
# emulation): nydus-snapshotter 0.13.4 + containerd 1.7.24 drive Swiftlet (scripts/real-client/, the tested set-up).
#   image:  the container-start benchmark's application tree (Debian bookworm minbase + python3, numpy, scipy, pandas,
#           yaml, requests; container-start/rootfs.sh, cached under /var/cache/swiftlet-bench) in two forms, made here on
#           the host where the JVM is fast: the Nydus image `swiftlet image build` makes, and the classic OCI image (one
#           gzip tar layer, container-start/oci-layout.py). The guest pushes both to a docker-registry on its loopback.
#   link:   every byte from the registry passes container-start/throttle-proxy.py (MBIT, default 100 Mbit/s).
#   rounds: WARMUP + ROUNDS interleaved rounds (the order of the two paths alternates); each measurement has a fresh
#           snapshotter, containerd and Swiftlet (started before the clock, as a node's services are), the page cache
#           dropped and a fresh proxy. Timed: the CRI pull (lazy: the bootstrap layer, Swiftlet's bind and the EROFS
#           mount; full: download and unpack) and `ctr run` of the start command, whose output is checked.
# The guest-side harness is RealClientStartBenchmark (JUnit, tag vm-benchmark: the test suite never runs it).
# Rewrites the "Container start through the real client (VM)" section of benchmarks/RESULTS.md (NO_RESULTS=1: print only).
# usage: benchmarks/real-client-start.sh [ROUNDS=3]
# env: WARMUP (default 1), MBIT (default 100), VM_TIMEOUT (seconds for the boot, default 7200), NYDUSD_OPTS (the
#      guest daemon's JVM options instead of the test suite's "-XX:-UseSHA")
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
ROUNDS=${1:-3} WARMUP=${WARMUP:-1} MBIT=${MBIT:-100}
[[ $EUID -eq 0 ]] || { echo "real-client-start.sh: needs root (the VM, the images)" >&2; exit 1; }
for tool in skopeo python3 jq debootstrap docker-registry qemu-system-x86_64 mvn; do
	command -v $tool >/dev/null || { echo "real-client-start.sh: needs $tool (.ci/run installs what the tests need)" >&2; exit 1; }
done
"$ROOT/scripts/real-client/fetch.sh" >/dev/null
"$ROOT/scripts/vm/ensure-kernel.sh"
HERE=$ROOT/benchmarks/container-start
(cd "$ROOT" && mvn -q -B -ntp -DskipTests -pl fscache-daemon -am package)
# under /var/tmp: the guest reads the host's root through 9p, but not /tmp, /run or /mnt
W=/var/tmp/swiftlet-rc-bench
rm -rf "$W"
mkdir -p "$W"
TAR=$("$HERE/rootfs.sh")
OCI=${TAR%.tar}-oci
if [[ ! -f "$OCI/index.json" ]]; then
	rm -rf "$OCI.part"
	"$HERE/oci-layout.py" "$TAR" "$OCI.part"
	mv "$OCI.part" "$OCI"
fi
ln -s "$OCI" "$W/full-oci"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar \
	"$ROOT/fscache-daemon/target/swiftlet.jar" image build "$TAR" --output "$W/nydus" --oci "$W/nydus-oci" --oci-tag latest >"$W/build.log"
cp "$HERE/throttle-proxy.py" "$W/"
# the application's start, one argument per line, and what it prints (as container-start.sh runs it)
printf '%s\n' /usr/bin/python3 -c \
	'import numpy, yaml, requests, json; print(int(numpy.arange(10).sum()), yaml.safe_load("a: [1, 2]"), json.dumps({"requests": requests.__title__}))' \
	>"$W/start.cmd"
echo "45 {'a': [1, 2]} {\"requests\": \"requests\"}" >"$W/start.expected"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
export DISK_SIZE=${DISK_SIZE:-12G} # the guest's ext4 disk: the registry, one unpacked tree, caches
(cd "$ROOT" && mvn -B -ntp -pl fscache-daemon -am verify -Dtest=VmSuiteTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Djacoco.skip=true -Dswiftlet.vm.bench=true "-Dswiftlet.bench.images=$W" "-Dswiftlet.bench.rounds=$ROUNDS" \
	"-Dswiftlet.bench.warmup=$WARMUP" "-Dswiftlet.bench.mbit=$MBIT" "-Dswiftlet.vm.timeout=${VM_TIMEOUT:-7200}" \
	${NYDUSD_OPTS:+"-Dswiftlet.bench.nydusd.opts=$NYDUSD_OPTS"}) >&2
OUT=$ROOT/fscache-daemon/target/vm/share/out/real-client-start.txt
[[ -s "$OUT" ]] || { echo "real-client-start.sh: the guest wrote no results ($OUT)" >&2; exit 1; }
cat "$OUT"
if [[ "${NO_RESULTS:-0}" != 1 ]]; then
	"$ROOT/benchmarks/update-results.sh" "Container start through the real client (VM)" \
		"WARMUP=$WARMUP MBIT=$MBIT${NYDUSD_OPTS:+ NYDUSD_OPTS='$NYDUSD_OPTS'} benchmarks/real-client-start.sh $ROUNDS" \
		"6.12 in the guest under TCG, host $(uname -r) with $(nproc) CPUs, load average $LOAD_BEFORE before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$OUT"
fi
