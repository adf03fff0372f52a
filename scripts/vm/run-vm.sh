#!/usr/bin/env bash
# Boots the test kernel under qemu (software emulation, no KVM needed) with the host's / as a read-only
# 9p root and runs one guest script; exits with the script's exit code.
# usage: run-vm.sh GUEST_SCRIPT [name=value ...]   (extra words become the guest script's environment)
# GUEST_SCRIPT must be visible in the guest at the same path and not under /tmp, /run or /mnt
# (tmpfs there). env: KERNEL (a bzImage; default: ensure-kernel.sh's, of KERNEL_SERIES 6.12 or 6.1, which it
# reads from this environment), SHARE (read-write dir = guest /mnt/share), MEM (4G), SMP (2), TIMEOUT (1800 s),
# DISK_SIZE (4G).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL=${KERNEL:-$("$HERE/ensure-kernel.sh")}
[[ -n "$KERNEL" ]] || { echo "run-vm: no guest kernel (ensure-kernel.sh failed, see above)" >&2; exit 1; }
SHARE=${SHARE:-$(mktemp -d /var/tmp/swiftlet-vm.XXXXXX)}
TEST=$1; shift
command -v qemu-system-x86_64 >/dev/null || { echo "run-vm: qemu-system-x86_64 is not installed" >&2; exit 127; }
mkdir -p "$SHARE/out"
DISK=$SHARE/cache.ext4
rm -f "$DISK"; truncate -s "${DISK_SIZE:-4G}" "$DISK"; mkfs.ext4 -q -F "$DISK"

APPEND="console=ttyS0 root=hostroot rootfstype=9p"
APPEND+=" rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro"
# tsc=unstable: under multi-threaded TCG the TSC watchdog otherwise flips the sched_clock static key while
# both vCPUs run, and live code patching races with TCG ("Oops: int3" in sched_clock_cpu, ~1 boot in 10)
APPEND+=" init=$HERE/guest-init.sh panic=-1 loglevel=5 tsc=unstable vmtest=$TEST $*"

for try in 1 2; do # a boot that panics before the test starts is retried once
	rm -f "$SHARE/out/rc"
	# thread=single: with multi-threaded TCG the guest JVM crashed now and then (SIGSEGV at the entry of
	# JIT-compiled methods, different ones each time): code the JIT patches on one vCPU was run stale on the
	# other. One TCG thread keeps self-modifying code coherent, at the price of one host core.
	timeout "${TIMEOUT:-1800}" qemu-system-x86_64 -accel tcg,thread=${TCG_THREAD:-single} -cpu max \
		-smp "${SMP:-2}" -m "${MEM:-4G}" -nographic -no-reboot -nodefaults -serial stdio -net none \
		-kernel "$KERNEL" -append "$APPEND" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=passthrough,readonly=on,multidevs=remap \
		-virtfs local,path="$SHARE",mount_tag=vmshare,security_model=passthrough,multidevs=remap \
		-drive file="$DISK",if=virtio,format=raw,cache=unsafe \
		-device virtio-rng-pci </dev/null >"$SHARE/out/console.log" 2>&1
	[[ -e "$SHARE/out/rc" ]] && break
	grep -q 'Kernel panic' "$SHARE/out/console.log" || break
	echo "run-vm: guest kernel panicked before the test ran; booting again" >&2
done
rm -f "$DISK"
rc=$(cat "$SHARE/out/rc" 2>/dev/null || echo none)
echo "run-vm: guest test rc=$rc (console: $SHARE/out/console.log)" >&2
[[ "$rc" == 0 ]]
