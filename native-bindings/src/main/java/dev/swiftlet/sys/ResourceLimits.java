package dev.swiftlet.sys;

import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.rlimit;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** getrlimit/setrlimit for this process ({@code <sys/resource.h>}). */
public final class ResourceLimits {
    private ResourceLimits() {}

    /**
     * One resource's limits; {@link #UNLIMITED} ({@code RLIM_INFINITY}) means none.
     *
     * @param soft what the kernel enforces
     * @param hard the ceiling an unprivileged process may raise {@code soft} to
     */
    public record Limit(long soft, long hard) {
        public static final long UNLIMITED = Libc.RLIM_INFINITY();
    }

    /** The limits on open file descriptors ({@code RLIMIT_NOFILE}). */
    public static Limit openFiles() throws NativeException {
        return get(Libc.RLIMIT_NOFILE(), "RLIMIT_NOFILE");
    }

    /** Sets the limits on open file descriptors; raising the hard limit needs CAP_SYS_RESOURCE. */
    public static void setOpenFiles(Limit limit) throws NativeException {
        set(Libc.RLIMIT_NOFILE(), "RLIMIT_NOFILE", limit);
    }

    private static Limit get(int resource, String name) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = rlimit.allocate(a);
            Errno.check(Libc.getrlimit(resource, r), "getrlimit(" + name + ")");
            return new Limit(rlimit.rlim_cur(r), rlimit.rlim_max(r));
        }
    }

    private static void set(int resource, String name, Limit limit) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = rlimit.allocate(a);
            rlimit.rlim_cur(r, limit.soft());
            rlimit.rlim_max(r, limit.hard());
            Errno.check(
                    Libc.setrlimit(resource, r), "setrlimit(" + name + ", " + limit.soft() + ", " + limit.hard() + ")");
        }
    }
}
