#!/usr/bin/env bash
# Builds libblake3.so, the BLAKE3 team's reference C implementation (CC0 / Apache-2.0) with its SSE2, SSE4.1,
# AVX2 and AVX-512 kernels chosen at run time, from the sources Debian ships in librust-blake3-dev (bookworm:
# 1.3.1, /usr/share/cargo/registry/blake3-*/c). Nothing of it is copied into this repository: the library is
# compiled from the installed package at build time and bundled into the jar as a resource.
#
# Why: chunk digests are checked on every fill, and BouncyCastle's pure-Java BLAKE3 costs ~6 ms per MiB on
# these CPUs, more than zstd decompression; the native one is more than ten times faster. When the sources or a C
# compiler are missing this prints why and exits 0: Swiftlet then digests with BouncyCastle, correctly but slower.
#
# usage: build-blake3.sh OUTPUT.so     (env BLAKE3_C_DIR overrides the source directory)
set -euo pipefail
OUT=$1
SRC=${BLAKE3_C_DIR:-}
if [[ -z "$SRC" ]]; then
	for d in /usr/share/cargo/registry/blake3-*/c; do [[ -f "$d/blake3.c" ]] && SRC=$d; done
fi
if [[ -z "$SRC" || ! -f "$SRC/blake3.c" ]]; then
	echo "[swiftlet] native BLAKE3 not built: no BLAKE3 C sources (apt-get install librust-blake3-dev); BouncyCastle will be used" >&2
	exit 0
fi
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null; then
	echo "[swiftlet] native BLAKE3 not built: no C compiler ($CC); BouncyCastle will be used" >&2
	exit 0
fi
if [[ "$(uname -m)" != x86_64 ]]; then
	echo "[swiftlet] native BLAKE3 not built: only x86_64 is wired here; BouncyCastle will be used" >&2
	exit 0
fi
if [[ -f "$OUT" && "$OUT" -nt "$SRC/blake3.c" && "$OUT" -nt "$0" ]]; then exit 0; fi
mkdir -p "$(dirname "$OUT")"
TMP="$OUT.tmp.$$"
"$CC" -O3 -shared -fPIC -fvisibility=default -Wl,-soname,libblake3.so -o "$TMP" \
	"$SRC/blake3.c" "$SRC/blake3_dispatch.c" "$SRC/blake3_portable.c" \
	"$SRC/blake3_sse2_x86-64_unix.S" "$SRC/blake3_sse41_x86-64_unix.S" \
	"$SRC/blake3_avx2_x86-64_unix.S" "$SRC/blake3_avx512_x86-64_unix.S"
mv "$TMP" "$OUT"
echo "[swiftlet] built native BLAKE3 $(basename "$(dirname "$SRC")") -> $OUT" >&2
