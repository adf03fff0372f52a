#!/usr/bin/env bash
# Conversion throughput, side by side in one run: `swiftlet image convert` of an ordinary OCI image (gzip layers) from
# Debian's docker-registry on loopback to an OCI layout, against the two-step way without it: `skopeo copy` of the
# same image to an OCI layout, then `swiftlet image build LAYER.tar.gz --oci` (image build reads a gzip tar as is, so
# nothing is unpacked in between; with one layer that is the same tree). Rounds interleave the two; MiB/s are of
# uncompressed layer data. The image is the container-start benchmark's debootstrap tree (rootfs.sh) as one gzip
# layer. Needs root, docker-registry, skopeo, gzip, python3, bc.   usage: convert-throughput.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
ROUNDS=${1:-2}
W=${SWIFTLET_BENCH_DIR:-/var/tmp/swiftlet-bench/convert}
mkdir -p "$W"
TAR=$("$ROOT/benchmarks/container-start/rootfs.sh")
if [[ ! -f "$W/layout/.complete" ]]; then
	rm -rf "$W/layout"
	cp "$TAR" "$W/layer.tar"
	python3 "$ROOT/scripts/oci/from-tars.py" "$W/layout" "$W/layer.tar" --cmd '["/usr/bin/python3","-c","print(1)"]'
	rm -f "$W/layer.tar"
	touch "$W/layout/.complete"
fi
[[ -f "$ROOT/fscache-daemon/target/swiftlet.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests package)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -rf "$W/registry"; mkdir -p "$W/registry"
cat > "$W/registry/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $W/registry/storage
http:
  addr: 127.0.0.1:$PORT
YML
docker-registry serve "$W/registry/config.yml" > "$W/registry/log" 2>&1 &
REGISTRY=$!
trap 'kill $REGISTRY 2>/dev/null; wait $REGISTRY 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/v2/" > /dev/null && break; sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$W/layout:latest" "docker://127.0.0.1:$PORT/src:latest"
SRC=127.0.0.1:$PORT/src:latest
BYTES=$(stat -c %s "$TAR")
MIB=$(echo "$BYTES / 1048576" | bc -l)
GZ=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(l["size"] for l in m["layers"]))' \
	"$W/layout/blobs/sha256/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][7:])' "$W/layout/index.json")")

now() { date +%s.%N; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
conv=(); two=(); cpu=(); cpu2=()
for r in $(seq "$ROUNDS"); do
	rm -rf "$W/out" "$W/work"; mkdir -p "$W/work"; t0=$(now)
	/usr/bin/time -f '%U %S' -o "$W/cpu" "$ROOT/swiftlet" image convert "$SRC" "oci:$W/out:nydus" --work-dir "$W/work" > "$W/convert.log" 2>/dev/null
	t1=$(now); conv+=("$(echo "$t1 - $t0" | bc -l)"); cpu+=("$(awk '{ print $1 + $2 }' "$W/cpu")")

	rm -rf "$W/copy" "$W/built" "$W/built-oci"; t0=$(now)
	/usr/bin/time -f '%U %S' -o "$W/cpu-copy" skopeo copy --quiet --src-tls-verify=false "docker://$SRC" "oci:$W/copy:latest"
	LAYER=$(python3 -c 'import json,sys; d=sys.argv[1]; i=json.load(open(d+"/index.json")); m=json.load(open(d+"/blobs/sha256/"+i["manifests"][0]["digest"][7:])); print(d+"/blobs/sha256/"+m["layers"][0]["digest"][7:])' "$W/copy")
	/usr/bin/time -f '%U %S' -o "$W/cpu-build" "$ROOT/swiftlet" image build "$LAYER" --output "$W/built" --oci "$W/built-oci" > "$W/build.log" 2>/dev/null
	t1=$(now); two+=("$(echo "$t1 - $t0" | bc -l)")
	cpu2+=("$(cat "$W/cpu-copy" "$W/cpu-build" | awk '{ s += $1 + $2 } END { print s }')")
done
C=$(best "${conv[@]}"); T=$(best "${two[@]}"); U=$(best "${cpu[@]}"); U2=$(best "${cpu2[@]}")
printf 'image: %.0f MiB uncompressed in one gzip layer of %.0f MiB; %d rounds (best of each)\n' "$MIB" "$(echo "$GZ / 1048576" | bc -l)" "$ROUNDS"
printf '  swiftlet image convert registry -> oci: (incl. JVM start):  %6.2f s  %6.1f MiB/s  (%.1f CPU s)\n' "$C" "$(echo "$MIB / $C" | bc -l)" "$U"
printf '  skopeo copy -> oci: + swiftlet image build LAYER --oci:     %6.2f s  %6.1f MiB/s  (%.1f CPU s)\n' "$T" "$(echo "$MIB / $T" | bc -l)" "$U2"
printf '  load average at the end (other work on this machine shares its %s cores): %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  rounds: convert %s; two-step %s\n' "${conv[*]}" "${two[*]}"
echo
echo "| image | MiB (uncompressed) | convert MiB/s | skopeo copy + image build MiB/s | convert/two-step | CPU s convert / two-step |"
echo "|---|---|---|---|---|---|"
printf '| debootstrap (1 gzip layer) | %.0f | %.1f | %.1f | %.2fx | %.1f / %.1f |\n' "$MIB" "$(echo "$MIB / $C" | bc -l)" \
	"$(echo "$MIB / $T" | bc -l)" "$(echo "$T / $C" | bc -l)" "$U" "$U2"
