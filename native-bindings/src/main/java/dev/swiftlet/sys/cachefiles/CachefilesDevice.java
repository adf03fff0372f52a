package dev.swiftlet.sys.cachefiles;

import static dev.swiftlet.sys.raw.Cachefiles.*;
import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.pollfd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code /dev/cachefiles} in on-demand mode: the text commands ({@code dir}, {@code tag}, {@code bind
 * ondemand}, {@code copen}, {@code restore}, {@code cull}...) and the request messages. Thread-safe: each
 * command is one write(2), and reads return one whole message each.
 */
public final class CachefilesDevice implements AutoCloseable {
    public static final Path DEVICE = Path.of("/dev/cachefiles");

    private final Fd fd;

    private CachefilesDevice(Fd fd) {
        this.fd = fd;
    }

    /** Opens the device; the errors users meet are explained (missing module, another daemon). */
    public static CachefilesDevice open() throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            int r = Libc.open(a.allocateFrom(DEVICE.toString()), O_RDWR() | O_CLOEXEC() | O_NONBLOCK(), 0);
            if (r == -ENOENT() || r == -ENODEV()) {
                throw new NativeException(
                        "open(" + DEVICE + ")", -r, "kernel lacks CONFIG_CACHEFILES (try: modprobe cachefiles)");
            }
            if (r == -EBUSY()) {
                throw new NativeException(
                        "open(" + DEVICE + ")",
                        -r,
                        "another cachefiles daemon (e.g. cachefilesd or nydusd) holds the device");
            }
            if (r == -EPERM() || r == -EACCES()) {
                throw new NativeException("open(" + DEVICE + ")", -r, "needs root (CAP_SYS_ADMIN)");
            }
            return new CachefilesDevice(Fd.adopt(Errno.check(r, "open(" + DEVICE + ")")));
        }
    }

    /** Adopts a device fd handed over by a previous daemon (fail-over); follow with {@link #restore()}. */
    public static CachefilesDevice fromFd(int fd) {
        return new CachefilesDevice(Fd.adopt(fd));
    }

    public Fd fd() {
        return fd;
    }

    /** Writes one command; returns normally on success, else a NativeException naming the command. */
    public void command(String text) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            MemorySegment buf = a.allocate(bytes.length);
            buf.copyFrom(MemorySegment.ofArray(bytes));
            long r = Libc.write(fd.intValue(), buf, bytes.length);
            if (r < 0) throw new NativeException("cachefiles command '" + text + "'", (int) -r, hint(text, (int) -r));
        }
    }

    private static String hint(String command, int errno) {
        if (command.startsWith("bind") && errno == EINVAL()) {
            return "kernel lacks CONFIG_CACHEFILES_ONDEMAND (bind ondemand not understood)";
        }
        if (command.startsWith("bind") && errno == EOPNOTSUPP()) {
            return "the cache directory's filesystem lacks xattrs or sync_fs (tmpfs, 9p, overlayfs): use ext4, xfs or btrfs";
        }
        if (command.startsWith("bind") && errno == EROFS()) return "the cache directory is read-only";
        if (command.startsWith("bind") && errno == EBUSY()) return "the cache is already bound";
        return null;
    }

    /** dir, optional tag, then {@code bind ondemand}. */
    public void bind(Path cacheDir, String tag) throws NativeException {
        command("dir " + cacheDir.toAbsolutePath());
        if (tag != null && !tag.isEmpty()) command("tag " + tag);
        command("bind ondemand");
    }

    /** Answers an OPEN: {@code size >= 0} is the object size, negative is {@code -errno}. */
    public void copen(int msgId, long size) throws NativeException {
        command("copen " + Integer.toUnsignedString(msgId) + "," + size);
    }

    /** Re-delivers requests a dead daemon had read but not answered (Linux 6.8+). */
    public void restore() throws NativeException {
        command("restore");
    }

    /** Tells the kernel the READ {@code msgId} is done; {@code anonFd} must belong to the same object. */
    public static void readComplete(Fd anonFd, int msgId) throws NativeException {
        anonFd.ioctl(CACHEFILES_IOC_READ_COMPLETE(), Integer.toUnsignedLong(msgId));
    }

    /** Waits up to {@code timeoutMillis} for a request; true when one can be read. */
    public boolean await(int timeoutMillis) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = pollfd.allocate(a);
            pollfd.fd(p, fd.intValue());
            pollfd.events(p, (short) POLLIN());
            int r = Libc.poll(p, 1, timeoutMillis);
            if (r == -EINTR()) return false;
            Errno.check(r, "poll(" + DEVICE + ")");
            return r > 0 && (pollfd.revents(p) & POLLIN()) != 0;
        }
    }

    /** Reads one request, or returns null when none is pending (read returned 0 or EAGAIN). */
    public CachefilesMessage next() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(CACHEFILES_MSG_MAX_SIZE());
            long n = fd.readRaw(buf);
            if (n == 0 || n == -EAGAIN() || n == -EINTR()) return null;
            Errno.check(n, "read(" + DEVICE + ")");
            return CachefilesMessage.parse(buf, n);
        }
    }

    @Override
    public void close() throws NativeException {
        fd.close(); // a second close does nothing
    }
}
