#!/usr/bin/env bash
# Image build throughput: `swiftlet image build` (zstd, blake3, 1 MiB chunks) on a generated 1 GiB tree,
# side by side with `tar | zstd -3 -T0` over the same tree (what a plain compressed layer costs), in
# interleaved rounds. Prints MiB/s for both and their ratio. usage: build-throughput.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
ROUNDS=${1:-2}
W=${SWIFTLET_BENCH_DIR:-/var/tmp/swiftlet-bench/build}
mkdir -p "$W"
if [[ ! -f "$W/src/.complete" ]]; then
	rm -rf "$W/src"; mkdir -p "$W/src"
	# 1 GiB: a third random (incompressible), two thirds word soup (compressible), files of 4 KiB..5 MiB
	python3 - "$W/src" <<'PY'
import os, random, sys
random.seed(1); root = sys.argv[1]
words = [bytes(random.choice(b'abcdefghijklmnopqrstuvwxyz ') for _ in range(random.randint(3, 12))) for _ in range(5000)]
total = i = 0
while total < (1 << 30):
    d = os.path.join(root, f"d{i % 50}"); os.makedirs(d, exist_ok=True)
    size = random.choice([4096, 30000, 200000, 1 << 20, 5 << 20])
    if i % 3 == 0: data = os.urandom(size)
    else:
        parts, n = [], 0
        while n < size:
            w = random.choice(words); parts.append(w); n += len(w) + 1
        data = b"\n".join(parts)[:size]
    open(os.path.join(d, f"f{i}"), "wb").write(data); total += size; i += 1
PY
	touch "$W/src/.complete"
fi
[[ -f "$ROOT/fscache-daemon/target/swiftlet.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests package)
BYTES=$(du -sb --exclude=.complete "$W/src" | cut -f1)
cat "$W"/src/*/* > /dev/null # warm the page cache once for both
now() { date +%s.%N; }
sw=(); ref=()
for r in $(seq "$ROUNDS"); do
	rm -rf "$W/out"; t0=$(now)
	"$ROOT/swiftlet" image build "$W/src" --output "$W/out" > "$W/build.log"
	t1=$(now); sw+=("$(echo "$t1 - $t0" | bc -l)")
	t0=$(now); tar -C "$W/src" -cf - . | zstd -3 -T0 -q > "$W/ref.tar.zst"; t1=$(now)
	ref+=("$(echo "$t1 - $t0" | bc -l)")
done
best() { printf '%s\n' "$@" | sort -g | head -1; }
S=$(best "${sw[@]}"); R=$(best "${ref[@]}")
MIB=$(echo "$BYTES / 1048576" | bc -l)
printf 'tree: %.0f MiB, %d rounds (best of each)\n' "$MIB" "$ROUNDS"
printf 'swiftlet image build (zstd, blake3, dedup, incl. JVM start): %6.2f s  %6.1f MiB/s\n' "$S" "$(echo "$MIB / $S" | bc -l)"
printf 'tar | zstd -3 -T0 (reference):                              %6.2f s  %6.1f MiB/s\n' "$R" "$(echo "$MIB / $R" | bc -l)"
printf 'ratio swiftlet / reference throughput: %.2f\n' "$(echo "$R / $S" | bc -l)"
tail -3 "$W/build.log"
