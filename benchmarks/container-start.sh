#!/usr/bin/env bash
# Container-start benchmark (issue #8's headline claim), on this host with the fanotify front end (root, Linux 6.14+,
# ext4 under /var/tmp): how long until an application in a container image has started, full pull vs. lazy mount.
#   image:  a real root filesystem (Debian bookworm minbase + python3, numpy, scipy, pandas, yaml, requests; >= 300 MiB,
#           made once by container-start/rootfs.sh and cached under /var/cache/swiftlet-bench), as two images of the
#           same tree in one local docker-registry: a classic OCI image (one gzip tar layer, container-start/oci-layout.py)
#           pushed with skopeo, and its Nydus form made from it by `swiftlet image convert` registry to registry (zstd,
#           1 MiB chunks), as a user converts the images they already have.
#   link:   every byte from the registry passes container-start/throttle-proxy.py, a TCP forwarder with one token
#           bucket shared by all connections (BANDWIDTHS, default "unlimited 100" Mbit/s), which counts the bytes.
#   rounds: WARMUP + ROUNDS interleaved rounds (full first, then last, in turn), each path with the page cache
#           dropped, a fresh proxy and fresh work directories:
#     full: what a classic runtime does: manifest, config and layer fetched over HTTP (curl), each checked against its
#           digest, the layer unpacked (tar -xzf), then the start command run in a chroot of the tree;
#     lazy: a fresh `swiftlet daemon --frontend fanotify` with an empty cache dir (its start-up to the API socket is
#           timed apart), then timed: `swiftlet mount --image 127.0.0.1:PROXY/REPO:TAG --plain-http MNT` and the same
#           start command in `chroot MNT`.
#     aware: the lazy path on the startup-aware image: before the rounds, one start on a lazy mount is recorded
#           (`swiftlet accessed`) and the classic image converted again with `--prefetch-files` of that list, so the
#           files a start reads sit at the front of the blob and the daemon fetches them first; it runs just before
#           the plain lazy path in each round. Its target (issue #19): at most 0.10x the full pull at 100 Mbit/s.
#   The start command imports numpy, yaml, requests and json and prints a line whose text is checked on every path.
# Prints every round, the medians and markdown tables (wall time, bytes from the registry, the fraction of the image
# read, lazy/full), and rewrites the "Container start" section of benchmarks/RESULTS.md (NO_RESULTS=1: print only).
# Exits non-zero when any check fails.
# usage: benchmarks/container-start.sh [ROUNDS=3]
# env: BANDWIDTHS (default "unlimited 100"), WARMUP (default 1), SWIFTLET_REBUILD=1 rebuilds swiftlet.jar first
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
HERE=$ROOT/benchmarks/container-start
ROUNDS=${1:-3} WARMUP=${WARMUP:-1}
read -ra BWS <<<"${BANDWIDTHS:-unlimited 100}"
[[ $EUID -eq 0 ]] || { echo "container-start.sh: needs root (chroot, mounts, fanotify, drop_caches)" >&2; exit 1; }
for tool in docker-registry skopeo curl jq python3 debootstrap; do
	command -v $tool >/dev/null || { echo "container-start.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
JAR=$ROOT/fscache-daemon/target/swiftlet.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl fscache-daemon -am package); fi
W=/var/tmp/swiftlet-container-start
if [[ -z "${CS_MEASURING:-}" ]]; then
	# the outer run: the measurement below (this script again) prints, and its output becomes the RESULTS.md section
	LOG=$(mktemp /var/tmp/container-start.XXXXXX.log)
	LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	CS_MEASURING=1 "$0" "$@" | tee "$LOG" || { rm -f "$LOG"; exit 1; }
	if [[ "${NO_RESULTS:-0}" != 1 ]]; then
		"$ROOT/benchmarks/update-results.sh" "Container start" "benchmarks/container-start.sh $ROUNDS" \
			"$(uname -r), $(nproc) CPUs, load average $LOAD_BEFORE before and $(cut -d' ' -f1-3 /proc/loadavg) after" "$LOG"
	fi
	rm -f "$LOG"
	exit 0
fi
STARTED=$(date +%s)
step() { echo "[$(($(date +%s) - STARTED))s] $*" >&2; }

# the application's start: what `docker run IMAGE python3 -c ...` would run; its output is fixed and checked
START_CMD=(/usr/bin/python3 -c 'import numpy, yaml, requests, json; print(int(numpy.arange(10).sum()), yaml.safe_load("a: [1, 2]"), json.dumps({"requests": requests.__title__}))')
EXPECTED_OUTPUT="45 {'a': [1, 2]} {\"requests\": \"requests\"}"

DAEMON= REG_PID= PROXY_PID=
cleanup() {
	set +e # on the way out: a killed process's wait status must not become the harness's exit status
	for m in "$W"/mnt-*; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
	[[ -n "$DAEMON" ]] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
	[[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null
	[[ -n "$REG_PID" ]] && kill "$REG_PID" 2>/dev/null && wait "$REG_PID" 2>/dev/null
	# nothing is deleted while anything is still mounted under it
	if ! grep -q " $W/" /proc/mounts; then rm -rf "$W"; fi
	true
}
trap cleanup EXIT
cleanup
mkdir -p "$W"
cp "$JAR" "$W/swiftlet.jar" # a private copy: a rebuild during the run must not change what is measured
JAVA=$JAVA_HOME/bin/java
JOPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djdk.httpclient.bufsize=262144) # as ./swiftlet
sw() { "$JAVA" "${JOPTS[@]}" -jar "$W/swiftlet.jar" "$@"; }
# short-lived API clients (mount, umount): C1 only, which starts sooner
swc() { "$JAVA" "${JOPTS[@]}" -XX:TieredStopAtLevel=1 -jar "$W/swiftlet.jar" "$@"; }
fail() { echo "container-start.sh: $*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$((20000 + RANDOM % 30000)); while port_in_use $p; do p=$((20000 + RANDOM % 30000)); done; echo $p; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches; }
# start_daemon TAG CACHE SOCK: a fresh fanotify daemon (PID in DAEMON), returned once its API socket exists
start_daemon() {
	"$JAVA" "${JOPTS[@]}" -jar "$W/swiftlet.jar" daemon --frontend fanotify --fscache "$2" --apisock "$3" \
		--log-level warn --id "cs-$1" >"$W/daemon-$1.log" 2>&1 &
	DAEMON=$!
	for _ in $(seq 1500); do [[ -S "$3" ]] && break; kill -0 $DAEMON 2>/dev/null || break; sleep 0.05; done
	[[ -S "$3" ]] || { cat "$W/daemon-$1.log" >&2; fail "the daemon ($1) did not start"; }
}
stop_daemon() {
	kill -TERM $DAEMON
	wait $DAEMON 2>/dev/null || true
	DAEMON=
}
# convert_to REPO [OPTION...]: the classic image converted by swiftlet, registry to registry, as REPO:latest
convert_to() {
	local repo=$1
	shift
	sw image convert "127.0.0.1:$RPORT/full:latest" "127.0.0.1:$RPORT/$repo:latest" --plain-http --work-dir "$W/convert" \
		"$@" >"$W/convert-$repo.log" 2>&1 || { cat "$W/convert-$repo.log" >&2; fail "swiftlet image convert to $repo failed"; }
	rm -rf "$W/convert"
}

# --- the images ---
step "root filesystem (container-start/rootfs.sh; cached)"
TAR=$("$HERE/rootfs.sh")
OCI=${TAR%.tar}-oci
if [[ ! -f "$OCI/index.json" ]]; then
	step "classic OCI image: gzip of the tree (container-start/oci-layout.py; cached as $OCI)"
	rm -rf "$OCI.part"
	"$HERE/oci-layout.py" "$TAR" "$OCI.part"
	mv "$OCI.part" "$OCI"
fi
VERSION=$(sw version 2>/dev/null | sed -n 's/^Git Commit:[[:space:]]*//p' | cut -c1-12)
# the tree's uncompressed size: what the kernel could ask for at most (tar's total of regular file sizes)
TREE_BYTES=$(tar -tvf "$TAR" | awk '$1 ~ /^-/ { s += $3 } END { print s }')
TREE_FILES=$(tar -tf "$TAR" | wc -l)

step "registry on loopback, pushing both images (skopeo)"
RPORT=$(free_port)
# the blob-descriptor cache as in Debian's packaged config (/etc/docker/registry/config.yml)
printf 'version: 0.1\nlog: {level: warn}\nstorage: {cache: {blobdescriptor: inmemory}, filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
	"$W/registry" "$RPORT" >"$W/registry.yml"
docker-registry serve "$W/registry.yml" >"$W/registry.log" 2>&1 &
REG_PID=$!
for _ in $(seq 100); do port_in_use $RPORT && break; sleep 0.1; done
port_in_use $RPORT || { cat "$W/registry.log" >&2; fail "the registry did not start"; }
skopeo copy --quiet --dest-tls-verify=false "oci:$OCI:latest" "docker://127.0.0.1:$RPORT/full:latest"
step "Nydus image: swiftlet image convert of the classic one, registry to registry (zstd, blake3, 1 MiB chunks)"
t_conv=$(date +%s%N)
convert_to lazy
T_CONVERT=$(awk -v a="$t_conv" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')

step "startup-aware image: record what the start command reads (swiftlet accessed), convert again with that list"
rec_sock=$W/api-record.sock
mkdir -p "$W/cache-record" "$W/mnt-record"
start_daemon record "$W/cache-record" "$rec_sock"
swc mount --image "127.0.0.1:$RPORT/lazy:latest" --plain-http "$W/mnt-record" --work-dir "$W/images-record" \
	--fsid cs-record --apisock "$rec_sock" >/dev/null 2>"$W/mount-record.log" \
	|| { cat "$W/mount-record.log" >&2; fail "swiftlet mount (recording) failed"; }
chroot "$W/mnt-record" "${START_CMD[@]}" >/dev/null
swc accessed --id cs-record --apisock "$rec_sock" >"$W/start.list"
swc umount "$W/mnt-record" --apisock "$rec_sock" >/dev/null
stop_daemon
rm -rf "$W/cache-record" "$W/images-record"
START_FILES=$(wc -l <"$W/start.list")
convert_to aware --prefetch-files "$W/start.list"
# the size of an image in the registry: config + every layer, as the registry stores and serves them
image_bytes() {
	curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://127.0.0.1:$RPORT/v2/$1/manifests/latest" \
		| jq '.config.size + ([.layers[].size] | add)'
}
FULL_BYTES=$(image_bytes full)
LAZY_BYTES=$(image_bytes lazy)

# --- the proxy: a fresh one per measurement, so its counts are that measurement's bytes ---
# start_proxy MBIT|unlimited TAG: sets PPORT and PROXY_PID; stop_proxy: sets PROXY_DOWN (bytes registry -> clients)
start_proxy() {
	PPORT=$(free_port)
	PROXY_COUNTS=$W/proxy-$2.json
	rm -f "$PROXY_COUNTS"
	# the proxy stands for the network: it must not wait for a CPU behind the benchmark's own processes
	nice -n -10 python3 "$HERE/throttle-proxy.py" "$PPORT" "127.0.0.1:$RPORT" "$1" "$PROXY_COUNTS" 2>"$W/proxy-$2.log" &
	PROXY_PID=$!
	for _ in $(seq 100); do [[ -f "$PROXY_COUNTS" ]] && break; sleep 0.1; done
	[[ -f "$PROXY_COUNTS" ]] || { cat "$W/proxy-$2.log" >&2; fail "the throttling proxy did not start"; }
}
stop_proxy() {
	kill -TERM "$PROXY_PID"
	wait "$PROXY_PID" || true
	PROXY_PID=
	PROXY_DOWN=$(jq .down "$PROXY_COUNTS")
}
check_output() {
	[[ "$1" == "$EXPECTED_OUTPUT" ]] || fail "$2: the start command printed '$1', expected '$EXPECTED_OUTPUT'"
}

# full pull: sets T_FULL (s), its parts T_DOWNLOAD, T_UNPACK and T_RUN (the start command on the unpacked tree: page
# cache cold but for what tar left in it), BYTES_FULL (from the registry), RATE_FULL (Mbit/s the transfers achieved)
full_pull() {
	local bw=$1 tag=$2 dir=$W/full-$2 base t0 tx t1 t2 t3 config layer out
	rm -rf "$dir"
	mkdir -p "$dir/root"
	start_proxy "$bw" "full-$tag"
	base=http://127.0.0.1:$PPORT/v2/full
	drop_caches
	step "full pull $tag ($bw)"
	t0=$(now)
	curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$base/manifests/latest" -o "$dir/manifest.json"
	config=$(jq -r .config.digest "$dir/manifest.json")
	layer=$(jq -r '.layers[0].digest' "$dir/manifest.json")
	[[ $(jq '.layers | length' "$dir/manifest.json") == 1 ]] || fail "the full image should have one layer"
	curl -sf "$base/blobs/$config" -o "$dir/config.json"
	curl -sf "$base/blobs/$layer" -o "$dir/layer.tar.gz"
	tx=$(now)
	# a runtime checks every blob against its digest before it uses it
	[[ "sha256:$(sha256sum <"$dir/config.json" | cut -d' ' -f1)" == "$config" ]] || fail "config digest mismatch"
	[[ "sha256:$(sha256sum <"$dir/layer.tar.gz" | cut -d' ' -f1)" == "$layer" ]] || fail "layer digest mismatch"
	t1=$(now)
	tar --numeric-owner -xzf "$dir/layer.tar.gz" -C "$dir/root"
	t2=$(now)
	out=$(chroot "$dir/root" "${START_CMD[@]}")
	t3=$(now)
	check_output "$out" "full pull $tag"
	stop_proxy
	T_FULL=$(secs "$t0" "$t3") T_DOWNLOAD=$(secs "$t0" "$t1") T_UNPACK=$(secs "$t1" "$t2") T_RUN=$(secs "$t2" "$t3")
	BYTES_FULL=$PROXY_DOWN RATE_FULL=$(awk -v b="$PROXY_DOWN" -v a="$t0" -v x="$tx" 'BEGIN { printf "%.1f", b * 8 / ((x - a) / 1e3) }')
	rm -rf "$dir"
}

# lazy: sets T_LAZY (s, mount command to the start command's exit), T_MOUNT (s, the mount command alone),
# T_DAEMON (s, daemon launch to its API socket), T_CLIENT (s, a cold start of the CLI's JVM alone, measured after), BYTES_LAZY (from the registry, per the proxy), FETCHED and SERVED
# (the daemon's bytes_fetched: blob bytes as stored; bytes_served: uncompressed bytes the kernel asked for), FILLED
# and AHEAD (uncompressed chunk bytes written into the cache file on demand and by read-ahead). REPO: lazy (default) or
# aware (the startup-aware image)
lazy_mount() {
	local bw=$1 tag=$2 repo=${3:-lazy} cache=$W/cache-$2 sock=$W/api-$2.sock mnt=$W/mnt-$2 t0 t1 t2 t3 tc out
	rm -rf "$cache" "$W/images-$tag"
	mkdir -p "$cache" "$mnt"
	start_proxy "$bw" "lazy-$tag"
	drop_caches
	step "lazy mount of $repo $tag ($bw)"
	t0=$(now)
	start_daemon "$tag" "$cache" "$sock"
	t1=$(now)
	swc mount --image "127.0.0.1:$PPORT/$repo:latest" --plain-http "$mnt" --work-dir "$W/images-$tag" \
		--fsid "cs-$tag" --apisock "$sock" >/dev/null 2>"$W/mount-$tag.log" \
		|| { cat "$W/mount-$tag.log" >&2; fail "swiftlet mount failed"; }
	t2=$(now)
	out=$(chroot "$mnt" "${START_CMD[@]}")
	t3=$(now)
	check_output "$out" "lazy $tag"
	curl -sf --unix-socket "$sock" http://localhost/api/v1/swiftlet/stats >"$W/stats-$tag.json"
	swc umount "$mnt" --apisock "$sock" >/dev/null
	stop_daemon
	stop_proxy
	# what a cold start of the `swiftlet mount` JVM alone costs (untimed above: part of T_MOUNT)
	drop_caches
	tc=$(now)
	swc version >/dev/null
	T_CLIENT=$(secs "$tc" "$(now)")
	T_DAEMON=$(secs "$t0" "$t1") T_MOUNT=$(secs "$t1" "$t2") T_LAZY=$(secs "$t1" "$t3") BYTES_LAZY=$PROXY_DOWN
	FETCHED=$(jq .bytes_fetched "$W/stats-$tag.json") SERVED=$(jq .bytes_served "$W/stats-$tag.json")
	FILLED=$(jq .bytes_filled "$W/stats-$tag.json") AHEAD=$(jq .bytes_prefetched "$W/stats-$tag.json")
	rm -rf "$cache" "$W/images-$tag"
}

printf 'image: Debian bookworm minbase + python3, numpy, scipy, pandas, yaml, requests: %d files, %.1f MiB of file data;\n' \
	"$TREE_FILES" "$(echo "$TREE_BYTES / 1048576" | bc -l)"
printf '  classic OCI image (1 gzip layer) %.1f MiB, its Nydus form by swiftlet image convert in %s s (zstd, 1 MiB chunks, bootstrap layer + blob) %.1f MiB; swiftlet %s\n' \
	"$(echo "$FULL_BYTES / 1048576" | bc -l)" "$T_CONVERT" "$(echo "$LAZY_BYTES / 1048576" | bc -l)" "$VERSION"
echo "startup-aware image: the same conversion with --prefetch-files listing the $START_FILES files one start read (swiftlet accessed)"
echo "start command: chroot ROOT ${START_CMD[*]}"
echo "  prints (checked on every run of both paths): $EXPECTED_OUTPUT"
declare -A TF TD TU TR TC RF BF TL TM TS BL FE SE FI AH TA BA
for ((round = 1 - WARMUP; round <= ROUNDS; round++)); do
	n=$((round + WARMUP))
	label="round $round"
	((round < 1)) && label="warm-up (not counted)"
	for bw in "${BWS[@]}"; do
		tag="$bw-$n"
		# the startup-aware path runs just before the plain lazy one (each path with a fresh daemon, cache and proxy)
		aware() {
			lazy_mount "$bw" "aware-$tag" aware
			T_AWARE=$T_LAZY T_AWARE_MOUNT=$T_MOUNT BYTES_AWARE=$BYTES_LAZY FILLED_AWARE=$FILLED AHEAD_AWARE=$AHEAD
		}
		if ((n % 2)); then full_pull "$bw" "$tag"; aware; lazy_mount "$bw" "$tag"
		else aware; lazy_mount "$bw" "$tag"; full_pull "$bw" "$tag"; fi
		link=$bw
		[[ $bw != unlimited ]] && link="$bw Mbit/s"
		echo "$label, $link: full pull $T_FULL s (download $T_DOWNLOAD s, unpack $T_UNPACK s, run $T_RUN s)," \
			"$BYTES_FULL B; lazy $T_LAZY s (mount $T_MOUNT s, of which a cold CLI JVM start about $T_CLIENT s;" \
			"daemon start-up $T_DAEMON s before it), $BYTES_LAZY B" \
			"(daemon: fetched $FETCHED B; served $SERVED B; filled $FILLED B on demand, $AHEAD B read ahead)"
		echo "$label, $link: startup-aware lazy $T_AWARE s (mount $T_AWARE_MOUNT s), $BYTES_AWARE B" \
			"(daemon: filled $FILLED_AWARE B on demand, $AHEAD_AWARE B read ahead or prefetched)"
		((round < 1)) && continue
		TF[$bw]+=" $T_FULL" TD[$bw]+=" $T_DOWNLOAD" TU[$bw]+=" $T_UNPACK" TR[$bw]+=" $T_RUN" TC[$bw]+=" $T_CLIENT" RF[$bw]+=" $RATE_FULL" BF[$bw]+=" $BYTES_FULL" TL[$bw]+=" $T_LAZY" TM[$bw]+=" $T_MOUNT"
		TS[$bw]+=" $T_DAEMON" BL[$bw]+=" $BYTES_LAZY" FE[$bw]+=" $FETCHED" SE[$bw]+=" $SERVED" FI[$bw]+=" $FILLED"
		AH[$bw]+=" $AHEAD"
		TA[$bw]+=" $T_AWARE" BA[$bw]+=" $BYTES_AWARE"
	done
done

median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "(medians of $ROUNDS interleaved rounds after $WARMUP warm-up round(s); page cache dropped before each path, a fresh" \
	"proxy, work dirs, daemon process and cache dir each time; the start command's output matched on every run)"
echo
echo "| link | full pull s (download) | lazy s (mount) | **lazy/full** | daemon start-up s | from the registry: full | lazy | lazy/full |"
echo "|---|---|---|---|---|---|---|---|"
for bw in "${BWS[@]}"; do
	label=$bw
	[[ $bw != unlimited ]] && label="$bw Mbit/s"
	awk -v l="$label" -v tf="$(median "${TF[$bw]}")" -v td="$(median "${TD[$bw]}")" -v tl="$(median "${TL[$bw]}")" \
		-v tm="$(median "${TM[$bw]}")" -v ts="$(median "${TS[$bw]}")" -v bf="$(median "${BF[$bw]}")" \
		-v bl="$(median "${BL[$bw]}")" 'BEGIN {
		printf "| %s | %.2f (%.2f) | %.2f (%.2f) | **%.2fx** | %.2f | %.1f MiB | %.1f MiB | %.3fx |\n",
			l, tf, td, tl, tm, tl / tf, ts, bf / 1048576, bl / 1048576, bl / bf }'
done
echo
bw=${BWS[-1]}
echo "| lazy path ($bw), fraction of the image read | bytes | of |"
echo "|---|---|---|"
awk -v bl="$(median "${BL[$bw]}")" -v fe="$(median "${FE[$bw]}")" -v se="$(median "${SE[$bw]}")" -v lb="$LAZY_BYTES" \
	-v fi="$(median "${FI[$bw]}")" -v ah="$(median "${AH[$bw]}")" \
	-v fb="$FULL_BYTES" -v tb="$TREE_BYTES" 'BEGIN {
	printf "| from the registry (proxy count: bootstrap + chunks + HTTP) | %.1f MiB | **%.1f%%** of the Nydus image (%.1f MiB), %.1f%% of the classic one (%.1f MiB) |\n",
		bl / 1048576, 100 * bl / lb, lb / 1048576, 100 * bl / fb, fb / 1048576
	printf "| blob data fetched (daemon bytes_fetched, compressed) | %.1f MiB | %.1f%% of the Nydus image |\n", fe / 1048576, 100 * fe / lb
	printf "| served to the kernel (daemon bytes_served, uncompressed) | %.1f MiB | **%.1f%%** of the tree'"'"'s %.1f MiB of file data |\n",
		se / 1048576, 100 * se / tb, tb / 1048576
	printf "| chunks decoded into the cache file on demand (bytes_filled, uncompressed) | %.1f MiB | %.1f%% of the tree |\n", fi / 1048576, 100 * fi / tb
	printf "| chunks decoded into the cache file by read-ahead (bytes_prefetched, uncompressed) | %.1f MiB | %.1f%% of the tree |\n", ah / 1048576, 100 * ah / tb }'
# the target (issue #8): lazy start at most 0.3x the full pull's time at 100 Mbit/s; and where the lazy time goes
bw=${BWS[-1]}
awk -v bw="$bw" -v tf="$(median "${TF[$bw]}")" -v tl="$(median "${TL[$bw]}")" -v ts="$(median "${TS[$bw]}")" \
	-v tm="$(median "${TM[$bw]}")" -v tc="$(median "${TC[$bw]}")" -v tr="$(median "${TR[$bw]}")" \
	-v td="$(median "${TD[$bw]}")" -v tu="$(median "${TU[$bw]}")" -v bl="$(median "${BL[$bw]}")" \
	-v fi="$(median "${FI[$bw]}")" -v ah="$(median "${AH[$bw]}")" -v se="$(median "${SE[$bw]}")" \
	-v rf="$(median "${RF[$bw]}")" 'BEGIN {
	r = tl / tf
	link = bw == "unlimited" ? "unthrottled" : bw " Mbit/s"
	if (r <= 0.3) printf "target lazy <= 0.30x full pull at %s: MET (%.2fx)\n", link, r
	else printf "target lazy <= 0.30x full pull at %s: MISSED (%.2fx, %.1fx over: lazy took %.2f s, the target needs <= %.2f s)\n", link, r, r / 0.3, tl, 0.3 * tf
	printf "where the time goes at %s: full pull %.2f s = download %.2f (transfers at %.0f Mbit/s, then digests) + unpack %.2f + start command %.2f s;", link, tf, td, rf, tu, tr
	printf " lazy %.2f s = swiftlet mount %.2f s (a cold start of its JVM alone takes about %.2f s) + start command %.2f s", tl, tm, tc, tl - tm
	printf " (%.1fx the same command on the unpacked tree); the daemon, started before as a service would be, took %.2f s to its API socket\n", (tl - tm) / tr, ts
	if (bw != "unlimited")
		printf "the lazy path moved %.1f MiB from the registry, %.2f s of the link at %s Mbit/s;", bl / 1048576, bl * 8 / (bw * 1e6), bw
	else
		printf "the lazy path moved %.1f MiB from the registry;", bl / 1048576
	printf " the kernel asked for %.1f MiB, the daemon decoded %.1f MiB of chunks on demand and %.1f MiB by read-ahead (%.1fx the demand)\n", se / 1048576, fi / 1048576, ah / 1048576, ah / fi
	if (r > 0.3) {
		printf "what would close the gap: the lazy path has %.2f s; the mount command alone took %.2f s, of which a cold JVM start is only %.2f s:", 0.3 * tf, tm, tc
		printf " the rest is the client loading its HTTP and JSON classes and pulling the bootstrap, and the daemon serving its first API request and registering the image, all from a cold page cache;"
		printf " the start command took %.2f s through the mount vs %.2f s on local files, while the bytes it needed cost only about %.2f s of the link:", tl - tm, tr, bw == "unlimited" ? 0 : bl * 8 / (bw * 1e6) * fi / (fi + ah)
		printf " read-ahead for runs of small files decodes %.1fx what was asked and competes with the misses for the link and the CPU\n", ah / fi
	}
}'
echo
echo "| link | full pull s | lazy s | **startup-aware lazy s** | aware/full | aware/lazy | from the registry: lazy | aware |"
echo "|---|---|---|---|---|---|---|---|"
for bw in "${BWS[@]}"; do
	label=$bw
	[[ $bw != unlimited ]] && label="$bw Mbit/s"
	awk -v l="$label" -v tf="$(median "${TF[$bw]}")" -v tl="$(median "${TL[$bw]}")" -v ta="$(median "${TA[$bw]}")" \
		-v bl="$(median "${BL[$bw]}")" -v ba="$(median "${BA[$bw]}")" 'BEGIN {
		printf "| %s | %.2f | %.2f | **%.2f** | **%.2fx** | %.2fx | %.1f MiB | %.1f MiB |\n",
			l, tf, tl, ta, ta / tf, ta / tl, bl / 1048576, ba / 1048576 }'
done
bw=${BWS[-1]}
awk -v bw="$bw" -v tf="$(median "${TF[$bw]}")" -v ta="$(median "${TA[$bw]}")" 'BEGIN {
	r = ta / tf
	link = bw == "unlimited" ? "unthrottled" : bw " Mbit/s"
	printf "target startup-aware lazy <= 0.10x full pull at %s: %s (%.2fx; the target needs <= %.2f s, it took %.2f s)\n",
		link, r <= 0.10 ? "MET" : "MISSED", r, 0.10 * tf, ta }'
step "done"
