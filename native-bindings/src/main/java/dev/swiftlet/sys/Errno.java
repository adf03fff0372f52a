package dev.swiftlet.sys;

import dev.swiftlet.sys.raw.Libc;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Errno names and messages, and the one check that turns a raw {@code -errno} result into an exception. */
public final class Errno {
    private Errno() {}

    /** The values callers outside this module compare against or answer the kernel with (Linux, every arch). */
    public static final int EPERM = Libc.EPERM(),
            ENOENT = Libc.ENOENT(),
            EIO = Libc.EIO(),
            EBUSY = Libc.EBUSY(),
            EALREADY = Libc.EALREADY();

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"),
            Map.entry(2, "ENOENT"),
            Map.entry(3, "ESRCH"),
            Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"),
            Map.entry(6, "ENXIO"),
            Map.entry(7, "E2BIG"),
            Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"),
            Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"),
            Map.entry(17, "EEXIST"),
            Map.entry(18, "EXDEV"),
            Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"),
            Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"),
            Map.entry(24, "EMFILE"),
            Map.entry(25, "ENOTTY"),
            Map.entry(27, "EFBIG"),
            Map.entry(28, "ENOSPC"),
            Map.entry(29, "ESPIPE"),
            Map.entry(30, "EROFS"),
            Map.entry(32, "EPIPE"),
            Map.entry(38, "ENOSYS"),
            Map.entry(77, "EBADFD"),
            Map.entry(90, "EMSGSIZE"),
            Map.entry(95, "EOPNOTSUPP"),
            Map.entry(104, "ECONNRESET"),
            Map.entry(105, "ENOBUFS"),
            Map.entry(107, "ENOTCONN"),
            Map.entry(110, "ETIMEDOUT"),
            Map.entry(111, "ECONNREFUSED"),
            Map.entry(114, "EALREADY"));

    /** Symbolic name such as {@code EBADF}, or {@code errno N} for one not in the table. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** The C library's message for {@code errno}. */
    public static String message(int errno) {
        MemorySegment s = Libc.strerror(errno);
        if (s.equals(MemorySegment.NULL)) return "Unknown error " + errno;
        return s.getString(0, StandardCharsets.UTF_8);
    }

    /** Returns {@code ret} when it is not negative, else throws a {@link NativeException} for {@code -ret}. */
    public static long check(long ret, String call) throws NativeException {
        if (ret < 0) throw new NativeException(call, (int) -ret);
        return ret;
    }

    public static int check(int ret, String call) throws NativeException {
        if (ret < 0) throw new NativeException(call, -ret);
        return ret;
    }
}
