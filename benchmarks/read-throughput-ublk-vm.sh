#!/usr/bin/env bash
# Read-path benchmark of the ublk front end against the cachefiles one, in one boot of the test VM (Linux 6.12 under
# software emulation, one TCG thread): each round runs read-bench.sh once with --frontend cachefiles and once with
# --frontend ublk, alternating, on the same prebuilt image (zstd, 1 MiB chunks). Each run measures, side by side,
#   direct: the bootstrap mounted file-backed over the unpacked blob, no daemon (the local-files limit);
#   cold:   a fresh `swiftlet daemon` with an empty cache dir, page cache dropped, the file read sequentially;
#   warm:   page cache dropped again, the same mount re-read (its cache file complete).
# Prints each round's MiB/s and the medians with their ratios: ublk/direct, cachefiles/direct and ublk/cachefiles for
# cold and warm reads. Absolute numbers under emulation mean little; the ratios are the result.
# Rewrites the "Read throughput (ublk vs cachefiles, VM)" section of benchmarks/RESULTS.md.
# usage: benchmarks/read-throughput-ublk-vm.sh [SIZE_MIB=128] [ROUNDS=3]
# env: TCG_THREAD=multi (see scripts/vm/run-vm.sh), SWIFTLET_REBUILD=1 rebuilds swiftlet.jar first, TIMEOUT (seconds,
#      default 7200)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
SIZE=${1:-128} ROUNDS=${2:-3}
[[ $EUID -eq 0 ]] || { echo "read-throughput-ublk-vm.sh: needs root (the image is built on the host as root)" >&2; exit 1; }
JAR=$ROOT/fscache-daemon/target/swiftlet.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl fscache-daemon -am package); fi
SHARE=$(mktemp -d /var/tmp/swiftlet-bench-ublk.XXXXXX)
mkdir -p "$SHARE/out"
cp "$JAR" "$SHARE/swiftlet.jar"
cp "$ROOT/benchmarks/read-bench.sh" "$SHARE/read-bench.sh"
"$SHARE/read-bench.sh" --frontend ublk --jar "$SHARE/swiftlet.jar" --work "$SHARE/prep" --size-mib "$SIZE" \
	--prepare-only --daemon-warmup 32
cat >"$SHARE/guest.sh" <<GUEST
export JAVA_HOME='$JAVA_HOME' JAVA_OPTS=-XX:-UseSHA
for r in \$(seq $ROUNDS); do
	for fe in cachefiles ublk; do
		/bin/bash /mnt/share/read-bench.sh --frontend \$fe --jar /mnt/share/swiftlet.jar --work /mnt/cache/bench-\$fe \\
			--size-mib $SIZE --rounds 1 --warmup 0 --daemon-warmup 32 --prebuilt /mnt/share/prep \\
			> /mnt/share/out/\$fe-\$r.log 2>> /mnt/share/out/bench.err || exit 1
		rm -rf /mnt/cache/bench-\$fe
	done
done
GUEST
echo "read-throughput-ublk-vm.sh: booting the VM; progress in $SHARE/out/bench.err" >&2
SHARE="$SHARE" TIMEOUT=${TIMEOUT:-7200} "$ROOT/scripts/vm/run-vm.sh" /mnt/share/guest.sh || true
if [[ "$(cat "$SHARE/out/rc" 2>/dev/null)" != 0 ]]; then
	echo "read-throughput-ublk-vm.sh: the guest run failed; see $SHARE/out/{bench.err,console.log}" >&2
	tail -n 30 "$SHARE/out/bench.err" "$SHARE/out/console.log" >&2 || true
	exit 1
fi
# each log's table row: | FE | SIZE MiB, zstd | direct | cold | warm | ... ; one row per front end and round
python3 - "$SHARE/out" "$ROUNDS" "$SIZE" >"$SHARE/out/result.md" <<'PY'
import re, statistics, sys
out, rounds, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = {"cachefiles": [], "ublk": []}
for fe in rows:
    for r in range(1, rounds + 1):
        for line in open(f"{out}/{fe}-{r}.log"):
            m = re.match(r"\| (\w+)[^|]*\| [^|]+\| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", line)
            if m and m.group(1) == fe:
                rows[fe].append(tuple(float(m.group(i)) for i in (2, 3, 4)))
for fe, rs in rows.items():
    print(f"{fe} per round (direct/cold/warm MiB/s): " + "; ".join("%.1f/%.1f/%.1f" % t for t in rs))
med = {fe: [statistics.median(t[i] for t in rs) for i in range(3)] for fe, rs in rows.items()}
print(f"(medians of {rounds} rounds, each reading one {size} MiB file through a fresh daemon per front end, cachefiles"
      " then ublk; every read's sha256 matched the source; direct = the same image file-backed over local files)")
print()
print("| front end | direct MiB/s | cold MiB/s | warm MiB/s | cold/direct | warm/direct |")
print("|---|---|---|---|---|---|")
for fe in ("cachefiles", "ublk"):
    d, c, w = med[fe]
    print(f"| {fe} | {d:.1f} | {c:.1f} | {w:.1f} | **{c / d:.2f}x** | **{w / d:.2f}x** |")
u, k = med["ublk"], med["cachefiles"]
# each round reads through both front ends one after the other: its own ratio is free of the drift between rounds
per = [(uu[1] / kk[1], uu[2] / kk[2]) for uu, kk in zip(rows["ublk"], rows["cachefiles"])]
print("ublk/cachefiles per round (cold, warm): " + "; ".join("%.2f, %.2f" % p for p in per))
print()
print("| ublk / cachefiles | cold | warm |")
print("|---|---|---|")
print(f"| ratio of the medians | **{u[1] / k[1]:.2f}x** | **{u[2] / k[2]:.2f}x** |")
print(f"| median of the per-round ratios | {statistics.median(p[0] for p in per):.2f}x"
      f" | {statistics.median(p[1] for p in per):.2f}x |")
PY
cat "$SHARE/out/result.md"
"$ROOT/benchmarks/update-results.sh" "Read throughput (ublk vs cachefiles, VM)" \
	"benchmarks/read-throughput-ublk-vm.sh $SIZE $ROUNDS" \
	"6.12 guest under qemu TCG (${TCG_THREAD:-single} thread; host load average $(cut -d' ' -f1-3 /proc/loadavg) after)" \
	"$SHARE/out/result.md"
rm -rf "$SHARE"
