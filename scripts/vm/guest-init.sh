#!/bin/sh
# PID 1 of the test VM. The root filesystem is the host's / over 9p, read-only. Kernel command-line words
# name=value that the kernel does not know arrive as environment: vmtest=/abs/path/script is run after
# set-up. /mnt/share is the read-write share with the host; /dev/vda is a fresh ext4 disk (cachefiles
# needs xattrs, sync_fs and O_DIRECT, which tmpfs and 9p lack), mounted at /mnt/cache.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q ' /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm 2>/dev/null
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /mnt
mkdir -p /mnt/share /mnt/cache
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmshare /mnt/share
mount -t ext4 /dev/vda /mnt/cache
# loopback up: in-VM tests run registries and stand-ins on 127.0.0.1
ip link set dev lo up 2>/dev/null || true
mkdir -p /mnt/share/out
echo 1 > /proc/sys/kernel/sysrq
rc=99
if [ -n "${vmtest:-}" ]; then
	{ /bin/sh "$vmtest"; echo $? > /run/test.rc; } 2>&1 | tee /mnt/share/out/test.log
	rc=$(cat /run/test.rc 2>/dev/null || echo 99)
	dmesg > /mnt/share/out/dmesg.log 2>/dev/null
fi
umount /mnt/cache 2>/dev/null
echo "$rc" > /mnt/share/out/rc
sync
echo o > /proc/sysrq-trigger
# power-off is asynchronous and tears 9p down first: nothing may be exec'd from / any more,
# so spin in a shell builtin instead of letting PID 1 exit (which would panic)
while :; do :; done
