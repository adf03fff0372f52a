#!/usr/bin/env bash
# Scale benchmark (host, fanotify front end, root): IMAGES distinct images mounted at once from one daemon, then
# READERS concurrent cold readers on some of them, against the same reads from fully local copies, in interleaved
# rounds. Driven through the swiftlet CLI only (like read-bench.sh):
#   images: IMAGES directories of about IMAGE_MIB MiB each, real files of /usr/lib and /usr/share shuffled (fixed seed) and dealt
#           round-robin (so every image is a mix of binaries, libraries and data, and no two share a file), plus the same three
#           small files in every image (shared/); each built with `swiftlet image build` (zstd, blake3, 1 MiB
#           chunks). Built once and kept under $W/images for later runs (keyed by the count and size; built by
#           the swiftlet of the first run, as images outlive daemons; SCALE_REBUILD=1 builds them afresh).
#   round:  a fresh `swiftlet daemon --frontend fanotify` with an empty cache dir; `swiftlet mount` of every image,
#           one after another (timed: the mount time of all of them); the daemon's VmRSS, VmHWM, thread and fd
#           counts from /proc; then, in an order that alternates per round,
#             direct: the READERS images' blobs unpacked (`image unpack-blob`) and mounted file-backed
#                     (mount -t erofs -o device=FILE), page cache dropped, every file of each read by one reader
#                     per image, all readers at once; aggregate MiB/s = all bytes / wall time of the slowest;
#             cold:   page cache dropped, the same concurrent reads through the daemon's mounts (cold cache);
#           every file of every read is checked against the source's sha256 (untimed); the daemon's /proc figures
#           and its stats (`swiftlet stats --json`, over curl: request latency p50/p99) after reading. Each mount is
#           a `swiftlet mount` process (a client JVM start, timed alone once per round for comparison).
# Prints every round, medians, and markdown tables; rewrites "Scale" in benchmarks/RESULTS.md.
# usage: benchmarks/scale.sh [IMAGES=50] [READERS=8] [ROUNDS=3]
# env: IMAGE_MIB (default 16); NO_RESULTS=1 prints only; PREPARE_ONLY=1 only builds the images;
#      SWIFTLET_REBUILD=1 rebuilds swiftlet.jar first; SWIFTLET_JAVA_OPTS: the daemon's JVM options after
#      scripts/daemon.jvmopts
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
IMAGES=${1:-50} READERS=${2:-8} ROUNDS=${3:-3} IMAGE_MIB=${IMAGE_MIB:-16}
[[ $EUID -eq 0 ]] || { echo "scale.sh: needs root (mounts, fanotify, drop_caches)" >&2; exit 1; }
((READERS <= IMAGES)) || { echo "scale.sh: READERS ($READERS) must not exceed IMAGES ($IMAGES)" >&2; exit 2; }
command -v curl >/dev/null || { echo "scale.sh: needs curl" >&2; exit 1; }
JAR=$ROOT/fscache-daemon/target/swiftlet.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl fscache-daemon -am package); fi
W=/var/tmp/swiftlet-scale-bench
RUN=$W/run
mkdir -p "$W"
# a private copy: a rebuild of the daemon during the run must not change what is measured
cp "$JAR" "$W/swiftlet.jar"
JAR=$W/swiftlet.jar
# the daemon runs with the launchers' JVM options (scripts/daemon.jvmopts), then SWIFTLET_JAVA_OPTS, as they do
cp "$ROOT/scripts/daemon.jvmopts" "$W/daemon.jvmopts"
JAVA=$JAVA_HOME/bin/java
JOPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djdk.httpclient.bufsize=262144) # as ./swiftlet
sw() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
# short-lived API clients (mount, umount): C1 only, which starts sooner
swc() { "$JAVA" "${JOPTS[@]}" -XX:TieredStopAtLevel=1 -jar "$JAR" "$@"; }
STARTED=$(date +%s)
step() { echo "[$(($(date +%s) - STARTED))s] $*" >&2; }

DAEMON=
cleanup() {
	set +e # on the way out: a killed process's wait status must not become the harness's exit status
	for m in "$RUN"/mnt-* "$RUN"/direct-*; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
	[[ -n "$DAEMON" ]] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
	rm -rf "$RUN"
	true
}
trap cleanup EXIT

# --- the images (kept between runs) ---
VERSION=$(sw version 2>/dev/null | sed -n 's/^Git Commit:[[:space:]]*//p' | cut -c1-12)
# kept across swiftlet versions (images outlive daemons; building 50 takes minutes): SCALE_REBUILD=1 builds afresh
IMG=$W/images/$IMAGES-$IMAGE_MIB
[[ "${SCALE_REBUILD:-0}" == 1 ]] && rm -rf "$IMG"
if [[ ! -f "$IMG/.complete" ]]; then
	rm -rf "$IMG"
	mkdir -p "$IMG"
	step "dealing /usr/lib and /usr/share into $IMAGES trees of $IMAGE_MIB MiB"
	python3 - "$IMG" "$IMAGES" "$IMAGE_MIB" <<'PY'
import os, random, shutil, sys
out, n, cap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 20
files = []
for top in ("/usr/lib", "/usr/share"):
    for d, _, names in os.walk(top):
        for name in names:
            p = os.path.join(d, name)
            if "\n" in p or "\\" in p or not os.path.isfile(p) or os.path.islink(p):
                continue
            size = os.path.getsize(p)
            if 4096 <= size <= (2 << 20):  # small and medium files: many per image, none dominating it
                files.append((p, size))
files.sort()
shared = [p for p, _ in files if p.startswith("/usr/share/common-licenses/")][:3]
random.Random(8).shuffle(files)  # a fixed deal: the same images every time, each a mix of the whole tree
fill = [0] * n
for i, (p, size) in enumerate(files):
    k = i % n
    if p in shared or fill[k] + size > cap:
        if min(fill) > cap - (64 << 10):
            break
        continue
    dst = os.path.join(out, f"src-{k}", p.lstrip("/"))
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(p, dst)
    fill[k] += size
for k in range(n):
    for p in shared:
        dst = os.path.join(out, f"src-{k}", "shared", os.path.basename(p))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(p, dst)
if min(fill) < cap // 2:
    sys.exit(f"only {min(fill)} bytes for the smallest image: not enough files under /usr/lib and /usr/share")
PY
	for ((k = 0; k < IMAGES; k++)); do
		((k % 10 == 0)) && step "swiftlet image build ($k of $IMAGES)"
		(cd "$IMG/src-$k" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) >"$IMG/sums-$k"
		sw image build "$IMG/src-$k" --output "$IMG/img-$k" >"$IMG/build-$k.log" 2>&1
		sed -n 's/^blob \([0-9a-f]*\):.*/\1/p' "$IMG/build-$k.log" >"$IMG/blob-$k"
		[[ $(wc -l <"$IMG/blob-$k") == 1 ]] || { cat "$IMG/build-$k.log" >&2; echo "scale.sh: image $k: not one blob" >&2; exit 1; }
		find "$IMG/src-$k" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }' >"$IMG/bytes-$k"
		rm -rf "$IMG/src-$k" # the sums are what the reads are checked against
	done
	touch "$IMG/.complete"
fi
# the readers' images: spread over the range (0, 6, 12, ... for 8 of 50)
READ=()
for ((i = 0; i < READERS; i++)); do READ+=($((i * IMAGES / READERS))); done
for k in "${READ[@]}"; do
	if [[ ! -f "$IMG/direct-$k.blob" ]]; then
		step "swiftlet image unpack-blob (image $k)"
		sw image unpack-blob "$IMG/img-$k/image.boot" "$(cat "$IMG/blob-$k")" --blob-dir "$IMG/img-$k/blobs" \
			--output "$IMG/direct-$k.blob" 2>/dev/null
	fi
done
if [[ "${PREPARE_ONLY:-0}" == 1 ]]; then step "images ready in $IMG"; exit 0; fi
TOTAL_MIB=$(cat "$IMG"/bytes-* | awk '{ s += $1 } END { printf "%.0f", s / 1048576 }')
STORED_MIB=$(du -scb "$IMG"/img-*/blobs | tail -1 | awk '{ printf "%.0f", $1 / 1048576 }')
READ_BYTES=0
for k in "${READ[@]}"; do READ_BYTES=$((READ_BYTES + $(cat "$IMG/bytes-$k"))); done

# --- measuring ---
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches; }
# file-backed EROFS mount of a bootstrap over its unpacked blob (mount(8) would put a loop device under a file)
mount_direct() {
	python3 - "$1" "$2" "device=$3" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.mount(sys.argv[1].encode(), sys.argv[2].encode(), b"erofs", 1, sys.argv[3].encode()) != 0:  # MS_RDONLY
    sys.exit(f"mount {sys.argv[1]} on {sys.argv[2]} ({sys.argv[3]}): {os.strerror(ctypes.get_errno())}")
PY
}
# concurrent_read PREFIX: one reader per image of READ over PREFIX-K (every file, in sorted order, cat to a byte
# count), all at once; SPEED := aggregate MiB/s (bytes of all / wall time until the last reader is done). Then every
# file is checked against the source's sha256, untimed.
concurrent_read() {
	local prefix=$1 t0 t1 k got pids=()
	t0=$(date +%s%N)
	for k in "${READ[@]}"; do
		(cd "$prefix-$k" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | wc -c >"$RUN/got-$k") &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
	t1=$(date +%s%N)
	got=0
	for k in "${READ[@]}"; do got=$((got + $(cat "$RUN/got-$k"))); done
	[[ $got == "$READ_BYTES" ]] || { echo "scale.sh: $prefix-*: read $got bytes, the sources hold $READ_BYTES" >&2; exit 1; }
	for k in "${READ[@]}"; do
		(cd "$prefix-$k" && sha256sum --quiet -c "$IMG/sums-$k") >&2 \
			|| { echo "scale.sh: $prefix-$k: a file's sha256 differs from its source's" >&2; exit 1; }
	done
	SPEED=$(awk -v b="$READ_BYTES" -v a="$t0" -v c="$t1" 'BEGIN { printf "%.1f", b / 1048576 / ((c - a) / 1e9) }')
}
read_direct() {
	for k in "${READ[@]}"; do
		mkdir -p "$RUN/direct-$k"
		mount_direct "$IMG/img-$k/image.boot" "$RUN/direct-$k" "$IMG/direct-$k.blob"
	done
	drop_caches
	step "direct: $READERS concurrent readers"
	concurrent_read "$RUN/direct"
	DIRECT=$SPEED
	for k in "${READ[@]}"; do umount "$RUN/direct-$k"; done
}
read_cold() {
	drop_caches
	step "cold: $READERS concurrent readers through the daemon"
	concurrent_read "$RUN/mnt"
	COLD=$SPEED
}
# PROCFS := "RSS_MiB HWM_MiB THREADS FDS" of the daemon
proc_figures() {
	PROCFS=$(awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } /^Threads:/ { t = $2 }
		END { printf "%.0f %.0f %d", r / 1024, h / 1024, t }' "/proc/$DAEMON/status")
	PROCFS+=" $(find "/proc/$DAEMON/fd" -mindepth 1 -maxdepth 1 | wc -l)"
}
stats() { curl -sf --unix-socket "$1" http://localhost/api/v1/swiftlet/stats && echo; }
latency() { sed -n 's/.*"request_latency_p50_us":\([0-9]*\).*"request_latency_p99_us":\([0-9]*\).*/\1 \2/p' "$1"; }

run_round() {
	local r=$1 cache=$RUN/cache-$1 sock=$RUN/api-$1.sock t0 t1 k
	mkdir -p "$cache"
	step "round $r: starting the daemon"
	# shellcheck disable=SC2086 # SWIFTLET_JAVA_OPTS is a list of options
	"$JAVA" "${JOPTS[@]}" "@$W/daemon.jvmopts" ${SWIFTLET_JAVA_OPTS:-} -jar "$JAR" daemon --frontend fanotify \
		--fscache "$cache" --apisock "$sock" --log-level warn --id "scale-$r" >"$RUN/daemon-$r.log" 2>&1 &
	DAEMON=$!
	for _ in $(seq 1500); do [[ -S "$sock" ]] && break; kill -0 $DAEMON 2>/dev/null || break; sleep 0.2; done
	[[ -S "$sock" ]] || { cat "$RUN/daemon-$r.log" >&2; echo "scale.sh: the daemon did not start" >&2; exit 1; }
	step "round $r: swiftlet mount x $IMAGES"
	t0=$(date +%s%N)
	for ((k = 0; k < IMAGES; k++)); do
		mkdir -p "$RUN/mnt-$k"
		swc mount "$IMG/img-$k/image.boot" "$RUN/mnt-$k" --blob-dir "$IMG/img-$k/blobs" --fsid "scale-$r-$k" \
			--apisock "$sock" >/dev/null 2>"$RUN/mount.log" \
			|| { cat "$RUN/mount.log" >&2; echo "scale.sh: mount of image $k failed" >&2; exit 1; }
	done
	t1=$(date +%s%N)
	MOUNT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	for ((k = 0; k < IMAGES; k++)); do
		mountpoint -q "$RUN/mnt-$k" && [[ -d "$RUN/mnt-$k/shared" ]] \
			|| { echo "scale.sh: image $k is not mounted at $RUN/mnt-$k" >&2; exit 1; }
	done
	# a client JVM start alone (the CLI's share of each mount), for the reader of the figures
	t0=$(date +%s%N)
	swc version >/dev/null
	t1=$(date +%s%N)
	CLIENT_MS=$(((t1 - t0) / 1000000))
	proc_figures
	AFTER_MOUNT=$PROCFS
	if ((r % 2)); then read_direct; read_cold; else read_cold; read_direct; fi
	proc_figures
	AFTER_READ=$PROCFS
	stats "$sock" >"$RUN/stats-$r.json"
	LAT=$(latency "$RUN/stats-$r.json")
	# teardown as `swiftlet umount` does it (umount, then deregister the fsid), without a client JVM per image
	step "round $r: umount and deregister x $IMAGES"
	for ((k = 0; k < IMAGES; k++)); do
		umount "$RUN/mnt-$k"
		curl -sf -X DELETE --unix-socket "$sock" "http://localhost/api/v2/blobs?domain_id=&blob_id=scale-$r-$k" >/dev/null \
			|| { echo "scale.sh: the daemon refused to deregister image $k (fsid scale-$r-$k)" >&2; exit 1; }
	done
	kill -TERM $DAEMON; wait $DAEMON 2>/dev/null || true
	DAEMON=
	rm -rf "$cache"
}

measure() {
	trap cleanup EXIT # this runs in a pipeline's subshell, which does not inherit the trap
	printf '%d images of about %d MiB each (%d MiB of /usr/lib and /usr/share files in all, %d MiB stored);' \
		"$IMAGES" "$IMAGE_MIB" "$TOTAL_MIB" "$STORED_MIB"
	printf ' %d readers on images %s (%.0f MiB); swiftlet %s\n' "$READERS" "${READ[*]}" \
		"$(echo "$READ_BYTES / 1048576" | bc -l)" "$VERSION"
	local r
	declare -ga M D C R1 H1 T1 F1 R2 H2 T2 F2 P50 P99
	for ((r = 1; r <= ROUNDS; r++)); do
		run_round "$r"
		read -r rss1 hwm1 thr1 fd1 <<<"$AFTER_MOUNT"
		read -r rss2 hwm2 thr2 fd2 <<<"$AFTER_READ"
		read -r p50 p99 <<<"$LAT"
		echo "round $r: mount x $IMAGES ${MOUNT_S} s (a client JVM alone ${CLIENT_MS} ms);" \
			"after mounting RSS $rss1 MiB, HWM $hwm1 MiB, $thr1 threads, $fd1 fds;" \
			"$READERS readers: direct $DIRECT MiB/s, cold $COLD MiB/s;" \
			"after reading RSS $rss2 MiB, HWM $hwm2 MiB, $thr2 threads, $fd2 fds; request latency p50 $p50 us, p99 $p99 us"
		M+=("$MOUNT_S") D+=("$DIRECT") C+=("$COLD") R1+=("$rss1") H1+=("$hwm1") T1+=("$thr1") F1+=("$fd1")
		R2+=("$rss2") H2+=("$hwm2") T2+=("$thr2") F2+=("$fd2") P50+=("$p50") P99+=("$p99")
	done
	median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
	echo "(medians of $ROUNDS rounds, each with a fresh daemon process and cache dir; direct and cold reads in" \
		"alternating order; every file read matched its source's sha256)"
	echo "daemon counters after the last round's reads: $(cat "$RUN/stats-$ROUNDS.json")"
	echo
	echo "| images mounted | mount all (s) | per mount (ms) | readers | direct MiB/s | cold MiB/s | cold/direct | request p50 us | request p99 us |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -v n="$IMAGES" -v m="$(median "${M[@]}")" -v rd="$READERS" -v d="$(median "${D[@]}")" -v c="$(median "${C[@]}")" \
		-v p="$(median "${P50[@]}")" -v q="$(median "${P99[@]}")" \
		'BEGIN { printf "| %d | %.1f | %.0f | %d | %.1f | %.1f | **%.2fx** | %d | %d |\n", n, m, m * 1000 / n, rd, d, c, c / d, p, q }'
	echo
	echo "| daemon (/proc/PID/status, fd/) | VmRSS MiB | VmHWM MiB | threads | open fds |"
	echo "|---|---|---|---|---|"
	echo "| after mounting $IMAGES | $(median "${R1[@]}") | $(median "${H1[@]}") | $(median "${T1[@]}") | $(median "${F1[@]}") |"
	echo "| after $READERS cold readers | $(median "${R2[@]}") | $(median "${H2[@]}") | $(median "${T2[@]}") | $(median "${F2[@]}") |"
}

rm -rf "$RUN"
mkdir -p "$RUN"
LOG=$(mktemp)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure | tee "$LOG"
if [[ "${NO_RESULTS:-0}" != 1 ]]; then
	"$ROOT/benchmarks/update-results.sh" "Scale" "benchmarks/scale.sh $IMAGES $READERS $ROUNDS" \
		"$(uname -r), $(nproc) CPUs, load average $LOAD_BEFORE before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$LOG"
fi
rm -f "$LOG"
step "done"
