#!/usr/bin/env bash
# Builds the test VM's guest kernel: Debian's linux-source-6.12 with x86_64_defconfig + kvm_guest.config
# + kernel.config-fragment (cachefiles on-demand, EROFS over fscache, 9p root; everything built in).
# usage: build-kernel.sh OUTPUT_BZIMAGE [WORKDIR]
# About 16 minutes with -j2 on a 2-core machine. Called by ensure-kernel.sh, which caches the result.
set -euo pipefail
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=${2:-${SWIFTLET_VM_CACHE:-$HOME/.cache/swiftlet/vm-kernel}/src}
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq -t bookworm --no-install-recommends \
	build-essential flex bison bc libelf-dev libssl-dev cpio dwarves >/dev/null
mkdir -p "$W"; cd "$W"
ls linux-source-6.12_*_all.deb >/dev/null 2>&1 || apt-get download linux-source-6.12
if [[ ! -f linux-source-6.12/Makefile ]]; then
	# the .deb only wraps a tarball
	dpkg-deb --fsys-tarfile linux-source-6.12_*_all.deb | tar -xO ./usr/src/linux-source-6.12.tar.xz | tar -xJ
fi
cd linux-source-6.12
make O="$W/build" x86_64_defconfig kvm_guest.config >/dev/null
scripts/kconfig/merge_config.sh -m -O "$W/build" "$W/build/.config" "$HERE/kernel.config-fragment" >/dev/null
make O="$W/build" olddefconfig >/dev/null
"$HERE/config-matches.sh" "$HERE/kernel.config-fragment" "$W/build/.config"
make O="$W/build" -j"$(nproc)" bzImage
cp "$W/build/arch/x86/boot/bzImage" "$OUT"
cp "$W/build/.config" "$OUT.config"
