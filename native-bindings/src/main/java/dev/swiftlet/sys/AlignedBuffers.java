package dev.swiftlet.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Page-aligned native memory, as O_DIRECT writes (cachefiles anon fds) need: offset, length and buffer
 * address all multiples of 4096.
 */
public final class AlignedBuffers {
    public static final int PAGE_SIZE = 4096;

    private AlignedBuffers() {}

    /** A zeroed segment of {@code roundUp(length)} bytes at a page-aligned address, owned by {@code arena}. */
    public static MemorySegment allocate(Arena arena, long length) {
        return arena.allocate(roundUp(length), PAGE_SIZE);
    }

    /** The same, as a direct ByteBuffer (whose capacity is the rounded length). */
    public static ByteBuffer allocateBuffer(Arena arena, int length) {
        return allocate(arena, length).asByteBuffer();
    }

    public static long roundUp(long length) {
        return (length + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    public static boolean isAligned(long value) {
        return (value & (PAGE_SIZE - 1)) == 0;
    }
}
