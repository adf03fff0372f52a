#!/usr/bin/env bash
# Image build throughput: `swiftlet image build` (zstd, blake3, 1 MiB chunks) on two 1 GiB trees, side by side with
# `tar | zstd -3 -T0` over the same tree (what a plain compressed layer costs), interleaved rounds:
#   synthetic: generated files, a third random bytes and two thirds word soup (slow for zstd -3: its worst case here);
#   usr:       the first 1 GiB of this machine's /usr files (libraries, binaries, share/: what images hold).
# Prints, per tree, MiB/s of both (best round), their ratio, and the build's CPU seconds (user+sys: what the build
# costs whatever else runs), then a markdown table. usage: build-throughput.sh [ROUNDS]
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
if [[ ! -f "$W/usr-src/.complete" ]]; then
	rm -rf "$W/usr-src"; mkdir -p "$W/usr-src"
	# regular files of at most 64 MiB, in a fixed order, until 1 GiB (the JDK and our own files left out)
	python3 - "$W/usr-src" <<'PY'
import os, shutil, sys
root, total, limit = sys.argv[1], 0, 1 << 30
def files():
    for top in ['/usr/lib/x86_64-linux-gnu', '/usr/bin', '/usr/share', '/usr/lib']:
        for d, dirs, names in os.walk(top):
            dirs.sort()
            if d.startswith('/usr/lib/jvm') or 'swiftlet' in d: dirs[:] = []; continue
            for f in sorted(names): yield os.path.join(d, f)
for p in files():
    if total >= limit: break
    if os.path.islink(p) or not os.path.isfile(p) or os.path.getsize(p) > 64 << 20: continue
    dst = root + p
    if os.path.exists(dst): continue
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try: shutil.copy2(p, dst)
    except OSError: continue
    total += os.path.getsize(p)
PY
	touch "$W/usr-src/.complete"
fi
[[ -f "$ROOT/fscache-daemon/target/swiftlet.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests package)
now() { date +%s.%N; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
ROWS=()
for tree in synthetic usr; do
	src=$W/src; [[ $tree == usr ]] && src=$W/usr-src
	BYTES=$(du -sb --exclude=.complete "$src" | cut -f1)
	find "$src" -type f -print0 | xargs -0 cat > /dev/null # warm the page cache once for both
	sw=(); ref=(); cpu=()
	for r in $(seq "$ROUNDS"); do
		rm -rf "$W/out"; t0=$(now)
		/usr/bin/time -f '%U %S' -o "$W/cpu" "$ROOT/swiftlet" image build "$src" --output "$W/out" > "$W/build.log" 2>/dev/null
		t1=$(now); sw+=("$(echo "$t1 - $t0" | bc -l)"); cpu+=("$(awk '{ print $1 + $2 }' "$W/cpu")")
		t0=$(now); tar -C "$src" -cf - . | zstd -3 -T0 -q > "$W/ref.tar.zst"; t1=$(now)
		ref+=("$(echo "$t1 - $t0" | bc -l)")
	done
	S=$(best "${sw[@]}"); R=$(best "${ref[@]}"); C=$(best "${cpu[@]}")
	MIB=$(echo "$BYTES / 1048576" | bc -l)
	printf '%s tree: %.0f MiB, %d rounds (best of each)\n' "$tree" "$MIB" "$ROUNDS"
	printf '  swiftlet image build (zstd, blake3, dedup, incl. JVM start): %6.2f s  %6.1f MiB/s  (%.1f CPU s)\n' "$S" "$(echo "$MIB / $S" | bc -l)" "$C"
	printf '  tar | zstd -3 -T0 (reference):                              %6.2f s  %6.1f MiB/s\n' "$R" "$(echo "$MIB / $R" | bc -l)"
	sed 's/^/  /' "$W/build.log" | grep -E 'files|^  blob' | head -2
	ROWS+=("$(printf '| %s | %.0f | %.1f | %.1f | %.2fx | %.1f |' "$tree" "$MIB" "$(echo "$MIB / $S" | bc -l)" \
		"$(echo "$MIB / $R" | bc -l)" "$(echo "$R / $S" | bc -l)" "$C")")
done
echo
echo "| tree | MiB | swiftlet MiB/s | tar\\|zstd -3 -T0 MiB/s | swiftlet/reference | swiftlet CPU s |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
