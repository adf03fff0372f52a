package dev.swiftlet.sys;

/**
 * The page size, in one place: O_DIRECT writes (cachefiles anon fds) need offset, length and buffer address all
 * multiples of it. 4 KiB on every architecture Swiftlet runs on (x86_64, aarch64 with 4 KiB pages). Aligned buffers
 * come from fetch's {@code DirectBuffers}, whose 4 KiB alignment (the RAFS chunk slot) is this too.
 */
public final class Pages {
    public static final int SIZE = 4096;

    private Pages() {}

    public static long roundUp(long length) {
        return (length + SIZE - 1) & -SIZE;
    }

    /** {@code value} rounded down to a page boundary. */
    public static long roundDown(long value) {
        return value & -SIZE;
    }

    public static boolean isAligned(long value) {
        return (value & (SIZE - 1)) == 0;
    }
}
