#!/usr/bin/env bash
# The read-throughput harness itself, driven only through the swiftlet CLI (what users run): builds one image with
# one large file of realistic content (the first SIZE MiB of /usr/lib's files concatenated: executables, shared
# libraries, data; zstd makes it about 0.37 of its size), then runs interleaved rounds of
#   direct: the blob unpacked to an uncompressed device file (`image unpack-blob`) and the bootstrap mounted
#           file-backed with device=FILE, no daemon (the limit);
#   cold:   a fresh daemon process (`swiftlet daemon --frontend FE`) with an empty cache dir, JIT-warmed by reading
#           another image through it first (--daemon-warmup), `swiftlet mount`, page cache dropped, the file read
#           sequentially (dd bs=1M);
#   warm:   page cache dropped again, the same mount re-read (its cache file now complete);
#   registry (with --registry): like cold, but the blob read from a local docker-registry (`mount --image`);
#   link (with --link-mbit N): like registry, but through container-start/throttle-proxy.py, a link of N Mbit/s, and
#           only the first LINK_MIB (64) MiB read: the times at which the reader had its first 8, 16 and 64 MiB, and
#           how busy the link was until then (the stored bytes it carried, at N Mbit/s, over the time taken: 1 is a
#           reader that never waits for anything but the wire).
#   baseline (with --baseline BIN): like cold, but served by BIN, a minimal C daemon for the same front end
#           (benchmarks/baseline/: fanotify-baseline or cachefiles-baseline) from the complete local blob: what any
#           daemon costs at the least, so cold/baseline is how Swiftlet's read path compares with the simplest one.
# Every read's sha256 is checked against the source's. Prints MiB/s per round, the medians and their ratios as a
# markdown table (with the registry, also each round's registry/localfs ratio, read minutes apart on the same machine,
# and their median), the daemon's request latency percentiles and its counters (`swiftlet stats --json`) after the cold
# and after the warm read of the last round. Progress goes to stderr.
# Runs on the host (fanotify) and inside the test VM (cachefiles); the wrappers are read-throughput.sh and
# read-throughput-vm.sh. Needs root.
# usage: read-bench.sh --frontend FE --jar SWIFTLET_JAR --work DIR [--size-mib 256] [--rounds 3] [--warmup 1]
#                      [--registry [--link-mbit N]] [--jfr] [--prepare-only | --prebuilt DIR] [--daemon-warmup MIB]
#                      [--compressor zstd|lz4_block|none|raw] [--baseline BIN] [--erofs-readahead KB]
# --erofs-readahead KB: the read_ahead_kb of the daemon's mounts (default: the kernel's, 128), to see what fewer,
#   larger kernel requests do (each fanotify event or cachefiles READ covers one EROFS readahead window). The bdi of a
#   file-backed EROFS mount is erofs-N, N counting up, and nothing names which mount has which: the newest one is
#   taken as the mount just made, so nothing else may mount EROFS meanwhile.
# --compressor: the image's chunk compressor (default zstd); raw: no Swiftlet-built image but a plain mkfs.erofs one
#   (uncompressed, 1 MiB chunks, its data on a --blobdev device, which Swiftlet serves as is) of SIZE MiB from
#   /dev/urandom (incompressible), and its warm-up image likewise; no --registry.
# --daemon-warmup MIB (default 64): before the measured cold read, each daemon reads a MIB MiB image of other content
#   through the same backend, as a service that has been running would have (JIT-compiled fill path); 0 measures the
#   fresh JVM's first read instead.
# --jfr: one more round (not counted) whose daemon runs under a JFR recording; its hot methods are printed at the end.
# --prepare-only: only build the image (and its unpacked blob) into --work, for a later --prebuilt run elsewhere (the
#   VM: under emulation every JVM start takes a minute and listing /usr/lib over 9p several);
# --prebuilt DIR: copy what --prepare-only left in DIR instead of building.
# env: JAVA (default $JAVA_HOME/bin/java), JAVA_OPTS (extra JVM flags for every swiftlet process, e.g. -XX:-UseSHA)
set -euo pipefail
FE=fanotify JAR= WORK= SIZE=256 ROUNDS=3 WARMUP=1 REGISTRY=0 JFR=0 PREPARE_ONLY=0 PREBUILT= DAEMON_WARMUP=64 COMPRESSOR=zstd LINK_MBIT=0 BASELINE= READAHEAD_KB=
while (($#)); do
	case $1 in
	--frontend) FE=$2; shift ;;
	--jar) JAR=$2; shift ;;
	--work) WORK=$2; shift ;;
	--size-mib) SIZE=$2; shift ;;
	--rounds) ROUNDS=$2; shift ;;
	--warmup) WARMUP=$2; shift ;;
	--daemon-warmup) DAEMON_WARMUP=$2; shift ;;
	--compressor) COMPRESSOR=$2; shift ;;
	--registry) REGISTRY=1 ;;
	--baseline) BASELINE=$2; shift ;;
	--erofs-readahead) READAHEAD_KB=$2; shift ;;
	--link-mbit) LINK_MBIT=$2; shift ;;
	--jfr) JFR=1 ;;
	--prepare-only) PREPARE_ONLY=1 ;;
	--prebuilt) PREBUILT=$2; shift ;;
	*) echo "read-bench.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -n "$JAR" && -n "$WORK" ]] || { echo "read-bench.sh: --jar and --work are required" >&2; exit 2; }
[[ $COMPRESSOR == raw && $REGISTRY == 1 ]] && { echo "read-bench.sh: a raw image has no registry form" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "read-bench.sh: needs root (mounts, $FE, drop_caches)" >&2; exit 1; }
JAVA=${JAVA:-$JAVA_HOME/bin/java}
# the launchers' HTTP read buffer (see ./swiftlet), so the measured daemon is the one users run
# shellcheck disable=SC2206
JOPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djdk.httpclient.bufsize=262144 ${JAVA_OPTS:-})
sw() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
# short-lived API clients (mount, umount): C1 only, which starts sooner
swc() { "$JAVA" "${JOPTS[@]}" -XX:TieredStopAtLevel=1 -jar "$JAR" "$@"; }
STARTED=$(date +%s)
step() { echo "[$(($(date +%s) - STARTED))s] $*" >&2; }

DAEMON= REG_PID= LINK_PID= BASE_PID=
cleanup() {
	set +e # on the way out: a killed process's wait status (143) must not become the harness's exit status
	for m in "$WORK"/mnt-*; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
	[[ -n "$DAEMON" ]] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
	[[ -n "$BASE_PID" ]] && kill "$BASE_PID" 2>/dev/null && wait "$BASE_PID" 2>/dev/null
	[[ -n "$LINK_PID" ]] && kill "$LINK_PID" 2>/dev/null && wait "$LINK_PID" 2>/dev/null
	[[ -n "$REG_PID" ]] && kill "$REG_PID" 2>/dev/null && wait "$REG_PID" 2>/dev/null
	true
}
trap cleanup EXIT
cleanup
rm -rf "$WORK"
mkdir -p "$WORK"

# --- the image ---
BYTES=$((SIZE << 20))
if [[ -n "$PREBUILT" ]]; then
	step "copying the prepared image from $PREBUILT"
	cp -r "$PREBUILT"/. "$WORK"/
elif [[ $COMPRESSOR == raw ]]; then
	# mkfs.erofs SRC into image.boot, its file data into the device file blobs/data.img
	raw_image() {
		mkdir -p "$2/blobs"
		mkfs.erofs --quiet --chunksize=1048576 --blobdev="$2/blobs/data.img" "$2/image.boot" "$1" 2>/dev/null
	}
	mkdir -p "$WORK/src"
	step "$SIZE MiB from /dev/urandom, mkfs.erofs"
	head -c "$BYTES" /dev/urandom >"$WORK/src/big.bin"
	raw_image "$WORK/src" "$WORK/img"
	echo data.img >"$WORK/blob-id"
	sw version 2>/dev/null | sed -n 's/^Git Commit:[[:space:]]*//p' | cut -c1-12 >"$WORK/version"
	# the device file is already the uncompressed blob the direct mount reads
	ln "$WORK/img/blobs/data.img" "$WORK/direct.blob"
	if ((DAEMON_WARMUP > 0)); then
		mkdir -p "$WORK/wsrc"
		head -c $((DAEMON_WARMUP << 20)) /dev/urandom >"$WORK/wsrc/warm.bin"
		raw_image "$WORK/wsrc" "$WORK/wimg"
	fi
else
	mkdir -p "$WORK/src"
	step "cutting $SIZE MiB from /usr/lib"
	find /usr/lib -type f -size +16k -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 cat 2>/dev/null \
		| head -c "$BYTES" >"$WORK/src/big.bin" || true
	BUILD_OPTS=(--compressor "$COMPRESSOR")
	((REGISTRY)) && BUILD_OPTS+=(--oci "$WORK/oci")
	step "swiftlet image build"
	sw image build "$WORK/src" --output "$WORK/img" "${BUILD_OPTS[@]}" >"$WORK/build.log"
	sed -n 's/^blob \([0-9a-f]*\):.*/\1/p' "$WORK/build.log" >"$WORK/blob-id"
	sw version 2>/dev/null | sed -n 's/^Git Commit:[[:space:]]*//p' | cut -c1-12 >"$WORK/version"
	step "swiftlet image unpack-blob"
	sw image unpack-blob "$WORK/img/image.boot" "$(cat "$WORK/blob-id")" --blob-dir "$WORK/img/blobs" \
		--output "$WORK/direct.blob" 2>/dev/null
	if ((DAEMON_WARMUP > 0)); then
		# the warm-up image: the next DAEMON_WARMUP MiB of the same files, so none of its chunks is in the measured blob
		mkdir -p "$WORK/wsrc"
		find /usr/lib -type f -size +16k -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 cat 2>/dev/null \
			| tail -c +$((BYTES + 1)) | head -c $((DAEMON_WARMUP << 20)) >"$WORK/wsrc/warm.bin" || true
		WBUILD_OPTS=(--compressor "$COMPRESSOR")
		((REGISTRY)) && WBUILD_OPTS+=(--oci "$WORK/woci")
		step "swiftlet image build (daemon warm-up image)"
		sw image build "$WORK/wsrc" --output "$WORK/wimg" "${WBUILD_OPTS[@]}" >"$WORK/wbuild.log"
	fi
fi
[[ $(stat -c %s "$WORK/src/big.bin") == "$BYTES" ]] || { echo "read-bench.sh: the source is not $SIZE MiB" >&2; exit 1; }
BOOT=$WORK/img/image.boot
BLOB=$(cat "$WORK/blob-id")
[[ -f "$BOOT" && -f "$WORK/img/blobs/$BLOB" ]] || { cat "$WORK/build.log" >&2; echo "read-bench.sh: no image in $WORK/img" >&2; exit 1; }
((PREPARE_ONLY)) && { step "prepared in $WORK"; exit 0; }
EXPECTED=$(sha256sum <"$WORK/src/big.bin" | cut -d' ' -f1)
CONTENT="first $SIZE MiB of /usr/lib's files"
[[ $COMPRESSOR == raw ]] && CONTENT="from /dev/urandom; a plain mkfs.erofs image, 1 MiB chunks on a --blobdev device"
printf "image: %d MiB file (%s), $COMPRESSOR, blob %s: %.1f MiB stored; swiftlet %s\n" "$SIZE" "$CONTENT" \
	"${BLOB:0:12}" "$(echo "$(stat -c %s "$WORK/img/blobs/$BLOB") / 1048576" | bc -l)" "$(cat "$WORK/version")"
mkdir -p "$WORK/mnt-direct" "$WORK/mnt-daemon" "$WORK/mnt-warm" "$WORK/mnt-base"
if ((DAEMON_WARMUP > 0)); then
	[[ -f "$WORK/wimg/image.boot" ]] || { echo "read-bench.sh: no daemon warm-up image in $WORK/wimg" >&2; exit 1; }
fi

((LINK_MBIT > 0 && !REGISTRY)) && { echo "read-bench.sh: --link-mbit needs --registry" >&2; exit 2; }
if ((REGISTRY)); then
	for tool in docker-registry skopeo; do command -v $tool >/dev/null || { echo "--registry needs $tool" >&2; exit 1; }; done
	[[ -d "$WORK/oci" ]] || { echo "--registry: the image was prepared without it" >&2; exit 1; }
	port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
	PORT=$((20000 + RANDOM % 30000)); while port_in_use $PORT; do PORT=$((20000 + RANDOM % 30000)); done
	# the blob-descriptor cache as in Debian's packaged config (/etc/docker/registry/config.yml): without it the
	# registry re-reads link files for every range request (a fifth more of its CPU, on the same two cores)
	printf 'version: 0.1\nlog: {level: warn}\nstorage: {cache: {blobdescriptor: inmemory}, filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
		"$WORK/registry" "$PORT" >"$WORK/registry.yml"
	docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
	REG_PID=$!
	for _ in $(seq 100); do port_in_use $PORT && break; sleep 0.1; done
	step "pushing to the registry at 127.0.0.1:$PORT"
	skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/oci:latest" "docker://127.0.0.1:$PORT/bench:latest"
	if ((DAEMON_WARMUP > 0)); then
		skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/woci:latest" "docker://127.0.0.1:$PORT/warm:latest"
	fi
fi

# --- measuring ---
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches; }
# SPEED := MiB/s of one sequential read of FILE (dd, 1 MiB requests); the bytes read are then checked (from the page
# cache, untimed) against the source's sha256. (Results go through globals: no subshell may hide an exit.)
timed_read() {
	local file=$1 t0 t1 got
	t0=$(date +%s%N)
	dd if="$file" of=/dev/null bs=1M status=none
	t1=$(date +%s%N)
	got=$(sha256sum <"$file" | cut -d' ' -f1)
	[[ "$got" == "$EXPECTED" ]] || { echo "read-bench.sh: $file: sha256 $got != source $EXPECTED" >&2; exit 1; }
	SPEED=$(awk -v s="$SIZE" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", s / ((b - a) / 1e9) }')
}
# the daemon's counters: the body of GET /api/v1/swiftlet/stats, which `swiftlet stats --json` prints as is; curl,
# when there is one, spares a JVM start (a minute under emulation)
stats() {
	if command -v curl >/dev/null; then
		curl -sf --unix-socket "$1" http://localhost/api/v1/swiftlet/stats && echo
	else
		swc stats --json --apisock "$1"
	fi
}
# mount_erofs SOURCE MOUNTPOINT OPTIONS: a read-only EROFS mount by mount(2) (mount(8) would put a loop device under
# a file-backed one)
mount_erofs() {
	python3 - "$@" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.mount(sys.argv[1].encode(), sys.argv[2].encode(), b"erofs", 1, sys.argv[3].encode()) != 0:  # MS_RDONLY
    sys.exit(f"mount {sys.argv[1]} on {sys.argv[2]} ({sys.argv[3]}): {os.strerror(ctypes.get_errno())}")
PY
}
# file-backed EROFS mount of the bootstrap over the unpacked blob
mount_direct() { mount_erofs "$BOOT" "$1" "device=$WORK/direct.blob"; }
read_direct() {
	mount_direct "$WORK/mnt-direct"
	drop_caches
	step "direct read"
	timed_read "$WORK/mnt-direct/big.bin"
	DIRECT=$SPEED
	umount "$WORK/mnt-direct"
}
# --link-mbit: a fresh throttling proxy in front of the registry per measurement (LPORT)
LINK_MIB=64 LINK_MARKS=(8 16 64)
start_link() {
	LPORT=$((20000 + RANDOM % 30000)); while port_in_use $LPORT; do LPORT=$((20000 + RANDOM % 30000)); done
	rm -f "$WORK/link-$1.json"
	python3 "$(dirname "$0")/container-start/throttle-proxy.py" "$LPORT" "127.0.0.1:$PORT" "$LINK_MBIT" "$WORK/link-$1.json" &
	LINK_PID=$!
	for _ in $(seq 100); do [[ -s "$WORK/link-$1.json" ]] && port_in_use $LPORT && break; sleep 0.1; done
}
# LINK_AT[i] := ms until the reader of FILE had its first LINK_MARKS[i] MiB (1 MiB reads, in order); the bytes read are
# then checked against the source's first LINK_MIB MiB. WIRE[i] := ms a plain download of as many stored bytes as the
# first LINK_MARKS[i] MiB take (at the blob's average compression) takes over the same link: the least time possible.
link_read() {
	local got want
	read -ra LINK_AT < <(python3 - "$1" "${LINK_MARKS[@]}" <<'PY'
import sys, time
f = open(sys.argv[1], "rb", buffering=0)
marks = [int(m) for m in sys.argv[2:]]
t0, at = time.monotonic(), []
for mib in range(1, max(marks) + 1):
    n = 0
    while n < 1 << 20:
        b = f.read((1 << 20) - n)
        if not b:
            sys.exit(f"{sys.argv[1]}: ends before {mib} MiB")
        n += len(b)
    if mib in marks:
        at.append(f"{(time.monotonic() - t0) * 1000:.0f}")
print(" ".join(at))
PY
	)
	got=$(head -c $((LINK_MIB << 20)) "$1" | sha256sum | cut -d' ' -f1)
	want=$(head -c $((LINK_MIB << 20)) "$WORK/src/big.bin" | sha256sum | cut -d' ' -f1)
	[[ "$got" == "$want" ]] || { echo "read-bench.sh: $1: first $LINK_MIB MiB read wrong over the link" >&2; exit 1; }
	local stored mark bytes
	stored=$(stat -c %s "$WORK/img/blobs/$BLOB")
	WIRE=()
	for mark in "${LINK_MARKS[@]}"; do
		bytes=$((stored * mark / SIZE))
		WIRE+=("$(curl -sf -r "0-$((bytes - 1))" -o /dev/null -w '%{time_total}' \
			"http://127.0.0.1:$LPORT/v2/bench/blobs/sha256:$BLOB" | awk '{ printf "%.0f", $1 * 1000 }')")
	done
}
# a fresh daemon process and cache dir; COLD := MiB/s of the first read, WARM := of the re-read (localfs only)
# read_daemon TAG localfs|registry|link PROFILE(0|1)
read_daemon() {
	local tag=$1 source=$2 profile=$3 cache=$WORK/cache-$1 sock=$WORK/api-$1.sock
	local jvm=()
	((profile)) && jvm=("-XX:StartFlightRecording=filename=$WORK/daemon.jfr,settings=profile")
	mkdir -p "$cache"
	step "starting daemon $tag"
	"$JAVA" "${JOPTS[@]}" "${jvm[@]}" -jar "$JAR" daemon --frontend "$FE" --fscache "$cache" --apisock "$sock" \
		--log-level warn --id "bench-$tag" >"$WORK/daemon-$tag.log" 2>&1 &
	DAEMON=$!
	for _ in $(seq 1500); do [[ -S "$sock" ]] && break; kill -0 $DAEMON 2>/dev/null || break; sleep 0.2; done
	[[ -S "$sock" ]] || { cat "$WORK/daemon-$tag.log" >&2; echo "read-bench.sh: the daemon did not start" >&2; exit 1; }
	if ((DAEMON_WARMUP > 0)); then
		# a service daemon has run for a while: its JIT has compiled the fill path. Read another image through it
		# first, from the same kind of backend, so the measured cold read is not the JVM's first one.
		step "daemon warm-up: reading a $DAEMON_WARMUP MiB image"
		if [[ $source != localfs ]]; then
			swc mount --image "127.0.0.1:$PORT/warm:latest" "$WORK/mnt-warm" --work-dir "$WORK/pulled-$tag-warm" \
				--fsid "bench-$tag-warm" --apisock "$sock" >/dev/null 2>"$WORK/mount-$tag-warm.log"
		else
			swc mount "$WORK/wimg/image.boot" "$WORK/mnt-warm" --blob-dir "$WORK/wimg/blobs" --fsid "bench-$tag-warm" \
				--apisock "$sock" >/dev/null 2>"$WORK/mount-$tag-warm.log"
		fi
		cmp -s "$WORK/mnt-warm/warm.bin" "$WORK/wsrc/warm.bin" || { echo "read-bench.sh: warm-up image read wrong" >&2; exit 1; }
		swc umount "$WORK/mnt-warm" --apisock "$sock" >/dev/null
	fi
	step "swiftlet mount ($source)"
	if [[ $source == registry || $source == link ]]; then
		local port=$PORT
		[[ $source == link ]] && start_link "$tag" && port=$LPORT
		swc mount --image "127.0.0.1:$port/bench:latest" "$WORK/mnt-daemon" --work-dir "$WORK/pulled-$tag" \
			--fsid "bench-$tag" --apisock "$sock" >/dev/null 2>"$WORK/mount-$tag.log"
	else
		swc mount "$BOOT" "$WORK/mnt-daemon" --blob-dir "$WORK/img/blobs" --fsid "bench-$tag" --apisock "$sock" \
			>/dev/null 2>"$WORK/mount-$tag.log"
	fi
	if [[ -n "$READAHEAD_KB" ]]; then
		local bdi
		bdi=$(find /sys/class/bdi/ -maxdepth 1 -name 'erofs-*' -printf '%f\n' | sort -t- -k2 -n | tail -n 1)
		echo "$READAHEAD_KB" >"/sys/class/bdi/$bdi/read_ahead_kb"
	fi
	drop_caches
	if [[ $source == link ]]; then
		step "cold read of the first $LINK_MIB MiB over the link"
		link_read "$WORK/mnt-daemon/big.bin"
		kill "$LINK_PID"; wait "$LINK_PID" 2>/dev/null || true
		LINK_PID=
	else
		step "cold read"
		timed_read "$WORK/mnt-daemon/big.bin"
		COLD=$SPEED
	fi
	stats "$sock" >"$WORK/stats-$tag-cold.json"
	if [[ $source == localfs ]]; then
		drop_caches
		step "warm read"
		timed_read "$WORK/mnt-daemon/big.bin"
		WARM=$SPEED
		stats "$sock" >"$WORK/stats-$tag-warm.json"
	fi
	step "swiftlet umount"
	swc umount "$WORK/mnt-daemon" --apisock "$sock" >/dev/null
	kill -TERM $DAEMON; wait $DAEMON 2>/dev/null || true
	DAEMON=
	rm -rf "$cache"
}

# BASE := MiB/s of a cold read through the C baseline BIN (a fresh process and cache each time), the blob local
read_baseline() {
	local cache=$WORK/cache-base ready=$WORK/base.ready
	rm -rf "$cache" "$ready"
	mkdir -p "$cache"
	step "starting the C baseline $(basename "$BASELINE")"
	if [[ $FE == fanotify ]]; then
		# the sparse cache file the mount reads, sized first (ftruncate through an event fd raises an event)
		truncate -s "$(stat -c %s "$WORK/img/blobs/$BLOB")" "$cache/$BLOB"
		"$BASELINE" "$WORK/img/blobs/$BLOB" "$cache/$BLOB" "$ready" 2>"$WORK/base.log" &
	else
		# cookie keys name the files: fsid=bench-base for the metadata image, device=BLOB for the data device
		mkdir -p "$WORK/base-blobs"
		ln -f "$BOOT" "$WORK/base-blobs/bench-base"
		ln -f "$WORK/img/blobs/$BLOB" "$WORK/base-blobs/$BLOB"
		"$BASELINE" "$cache" bench-base "$WORK/base-blobs" "$ready" 2>"$WORK/base.log" &
	fi
	BASE_PID=$!
	for _ in $(seq 1500); do [[ -e "$ready" ]] && break; kill -0 $BASE_PID 2>/dev/null || break; sleep 0.1; done
	[[ -e "$ready" ]] || { cat "$WORK/base.log" >&2; echo "read-bench.sh: the C baseline did not start" >&2; exit 1; }
	if [[ $FE == fanotify ]]; then
		mount_erofs "$BOOT" "$WORK/mnt-base" "device=$cache/$BLOB"
	else
		mount_erofs none "$WORK/mnt-base" "fsid=bench-base,device=$BLOB"
	fi
	drop_caches
	step "cold read through the C baseline"
	timed_read "$WORK/mnt-base/big.bin"
	BASE=$SPEED
	umount "$WORK/mnt-base"
	kill $BASE_PID; wait $BASE_PID 2>/dev/null || true
	BASE_PID=
	[[ -s "$WORK/base.log" ]] && { echo "read-bench.sh: the C baseline reported:" >&2; cat "$WORK/base.log" >&2; }
	rm -rf "$cache"
}

declare -a D C W G P B Q LA0 LA1 LA2 WI0 WI1 WI2
for ((round = 1 - WARMUP; round <= ROUNDS; round++)); do
	n=$((round + WARMUP))
	read_direct
	[[ -n "$BASELINE" ]] && read_baseline
	read_daemon "l$n" localfs 0
	label="round $round"
	((round < 1)) && label="warm-up (not counted)"
	line="$label: direct $DIRECT MiB/s, cold $COLD MiB/s, warm $WARM MiB/s"
	D+=("$DIRECT") C+=("$COLD") W+=("$WARM")
	if [[ -n "$BASELINE" ]]; then
		line+=", C baseline $BASE MiB/s (cold/baseline $(awk -v c="$COLD" -v b="$BASE" 'BEGIN { printf "%.2f", c / b }'))"
		B+=("$BASE")
		Q+=("$(awk -v c="$COLD" -v b="$BASE" 'BEGIN { printf "%.2f", c / b }')")
	fi
	if ((REGISTRY)); then
		local_cold=$COLD
		read_daemon "r$n" registry 0
		line+=", cold from the registry $COLD MiB/s"
		G+=("$COLD")
		P+=("$(awk -v g="$COLD" -v c="$local_cold" 'BEGIN { printf "%.2f", g / c }')")
	fi
	if ((LINK_MBIT > 0)); then
		read_daemon "k$n" link 0
		line+=", over a $LINK_MBIT Mbit/s link the first ${LINK_MARKS[0]}/${LINK_MARKS[1]}/${LINK_MARKS[2]} MiB at"
		line+=" ${LINK_AT[0]}/${LINK_AT[1]}/${LINK_AT[2]} ms (the wire alone: ${WIRE[0]}/${WIRE[1]}/${WIRE[2]} ms)"
		LA0+=("${LINK_AT[0]}") LA1+=("${LINK_AT[1]}") LA2+=("${LINK_AT[2]}")
		WI0+=("${WIRE[0]}") WI1+=("${WIRE[1]}") WI2+=("${WIRE[2]}")
	fi
	echo "$line"
	if ((round < 1)); then D=() C=() W=() G=() P=() B=() Q=() LA0=() LA1=() LA2=() WI0=() WI1=() WI2=(); fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
d=$(median "${D[@]}") c=$(median "${C[@]}") w=$(median "${W[@]}")
if ((DAEMON_WARMUP > 0)); then
	daemon_note="a fresh daemon process for each, JIT-warmed as a running service is: it first read a $DAEMON_WARMUP MiB image of other content through the same backend; its cache holds nothing of the measured file"
else
	daemon_note="a fresh daemon process for each, the measured read its JVM's first"
fi
[[ -n "$READAHEAD_KB" ]] && daemon_note+="; the daemon's mounts read ahead $READAHEAD_KB KiB (the others the kernel's default)"
echo "(medians of $ROUNDS interleaved rounds after $WARMUP warm-up round(s), $daemon_note;" \
	"every read's sha256 matched the source)"
last=$((ROUNDS + WARMUP))
# the daemon's per-request latency (fanotify event or cachefiles READ, arrival to answer), from its histogram
latency() { sed -n 's/.*"request_latency_p50_us":\([0-9]*\).*"request_latency_p99_us":\([0-9]*\).*/p50 \1 us, p99 \2 us/p' "$1"; }
echo "daemon request latency in the last round: cold read $(latency "$WORK/stats-l$last-cold.json")," \
	"cold+warm $(latency "$WORK/stats-l$last-warm.json")"
echo "daemon counters after the last cold read: $(cat "$WORK/stats-l$last-cold.json")"
echo "daemon counters after the last warm read: $(cat "$WORK/stats-l$last-warm.json")"
((REGISTRY)) && echo "daemon counters after the last cold read from the registry: $(cat "$WORK/stats-r$last-cold.json")"
echo
echo "| front end | file | direct MiB/s | cold MiB/s | warm MiB/s | cold/direct | warm/direct |"
echo "|---|---|---|---|---|---|---|"
# the front end cell names a non-default compressor too: the plots label their bars with it
label=$FE; [[ $COMPRESSOR != zstd ]] && label="$FE, $COMPRESSOR"
awk -v fe="$label" -v s="$SIZE" -v z="$COMPRESSOR" -v d="$d" -v c="$c" -v w="$w" \
	'BEGIN { printf "| %s | %d MiB, %s | %.1f | %.1f | %.1f | **%.2fx** | **%.2fx** |\n", fe, s, z, d, c, w, c / d, w / d }'
if [[ -n "$BASELINE" ]]; then
	b=$(median "${B[@]}")
	echo
	echo "| front end | file | direct MiB/s | C baseline MiB/s | swiftlet cold MiB/s | cold/baseline | cold/direct | baseline/direct |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -v fe="$FE" -v s="$SIZE" -v z="$COMPRESSOR" -v d="$d" -v b="$b" -v c="$c" \
		'BEGIN { printf "| %s | %d MiB, %s | %.1f | %.1f | %.1f | **%.2fx** | **%.2fx** | %.2fx |\n", fe, s, z, d, b, c, c / b, c / d, b / d }'
	# each round reads through both daemons minutes apart: its own ratio is free of the drift between rounds
	echo
	echo "cold/baseline per round: ${Q[*]} (median $(median "${Q[@]}"))"
fi
if ((REGISTRY)); then
	g=$(median "${G[@]}")
	echo
	echo "| cold read of a $SIZE MiB file | localfs backend MiB/s | registry backend MiB/s | registry/localfs |"
	echo "|---|---|---|---|"
	awk -v fe="$FE" -v c="$c" -v g="$g" 'BEGIN { printf "| %s front end | %.1f | %.1f | **%.2fx** |\n", fe, c, g, g / c }'
	# each round reads from both backends minutes apart: its own ratio is free of the drift between rounds
	echo
	echo "registry/localfs per round: ${P[*]} (median $(median "${P[@]}"))"
fi
if ((LINK_MBIT > 0)); then
	echo
	echo "| cold read over a $LINK_MBIT Mbit/s link | first ${LINK_MARKS[0]} MiB | first ${LINK_MARKS[1]} MiB | first ${LINK_MARKS[2]} MiB |"
	echo "|---|---|---|---|"
	echo "| registry backend, ms | $(median "${LA0[@]}") | $(median "${LA1[@]}") | $(median "${LA2[@]}") |"
	echo "| the wire alone (a download of as many stored bytes), ms | $(median "${WI0[@]}") | $(median "${WI1[@]}") | $(median "${WI2[@]}") |"
	awk -v a0="$(median "${LA0[@]}")" -v a1="$(median "${LA1[@]}")" -v a2="$(median "${LA2[@]}")" \
		-v w0="$(median "${WI0[@]}")" -v w1="$(median "${WI1[@]}")" -v w2="$(median "${WI2[@]}")" \
		'BEGIN { printf "| wire/registry backend | **%.2fx** | **%.2fx** | **%.2fx** |\n", w0 / a0, w1 / a1, w2 / a2 }'
fi
if ((JFR)); then
	read_daemon profiled localfs 1
	echo
	echo "JFR of the daemon of one more round (not counted: cold $COLD MiB/s, warm $WARM MiB/s), hottest methods:"
	"$(dirname "$JAVA")/jfr" view --width 160 hot-methods "$WORK/daemon.jfr" 2>&1 | sed -n '4,20p'
fi
step "done"
