#!/usr/bin/env bash
# Regenerates the raw Panama bindings with jextract (https://jdk.java.net/jextract) where a user has it on
# PATH, and diffs the result against the hand-written classes in native-bindings (dev.swiftlet.sys.raw).
# No registry here ships jextract, so the committed classes are written by hand in its shape; this script
# keeps the exact generation commands beside them.
# Differences to expect: jextract does not capture errno (our wrappers return -errno), names the shared
# layouts class <header>$shared, and omits O_CLOEXEC (defined through __O_CLOEXEC).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v jextract >/dev/null || { echo "jextract is not on PATH" >&2; exit 2; }
OUT=$(mktemp -d)
PKG=dev.swiftlet.sys.raw
HDR="$OUT/swiftlet.h"
cat > "$HDR" <<'H'
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/fanotify.h>
#include <linux/falloc.h>
#include <linux/cachefiles.h>
H
jextract --output "$OUT/src" -t "$PKG" --header-class-name Libc \
	--include-function open --include-function close --include-function read --include-function write \
	--include-function pread --include-function pwrite --include-function ioctl --include-function fallocate \
	--include-function ftruncate --include-function lseek --include-function poll --include-function fchdir \
	--include-function socket --include-function socketpair --include-function bind --include-function listen \
	--include-function accept4 --include-function connect --include-function sendmsg --include-function recvmsg \
	--include-function strerror --include-function mount --include-function umount2 \
	--include-function fanotify_init --include-function fanotify_mark \
	--include-function getrlimit --include-function setrlimit --include-struct rlimit \
	--include-struct cachefiles_msg --include-struct cachefiles_open --include-struct cachefiles_read \
	--include-struct fanotify_event_metadata --include-struct fanotify_event_info_header \
	--include-struct fanotify_response --include-struct pollfd \
	--include-struct iovec --include-struct msghdr --include-struct cmsghdr \
	--include-constant CACHEFILES_MSG_MAX_SIZE --include-constant CACHEFILES_IOC_READ_COMPLETE \
	--include-constant O_RDONLY --include-constant O_RDWR --include-constant O_DIRECT \
	--include-constant SEEK_DATA --include-constant SEEK_HOLE --include-constant POLLIN \
	--include-constant FAN_CLASS_PRE_CONTENT --include-constant FAN_UNLIMITED_QUEUE --include-constant FAN_MARK_ADD \
	--include-constant RLIMIT_NOFILE --include-constant RLIM_INFINITY \
	"$HDR"
echo "generated into $OUT/src; differences against the hand-written bindings:"
diff -ru "$OUT/src/${PKG//.//}" "$ROOT/native-bindings/src/main/java/${PKG//.//}" || true
