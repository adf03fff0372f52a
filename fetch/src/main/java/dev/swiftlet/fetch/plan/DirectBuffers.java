package dev.swiftlet.fetch.plan;

import dev.swiftlet.rafs.image.ChunkTable;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Swiftlet's one source of aligned native buffers: recycles the page-aligned direct buffers fetches read into and
 * decode into, and that the daemon's O_DIRECT writes need. A fresh 1 MiB direct buffer per
 * chunk costs an mmap, 256 page faults with zeroing and, later, a GC-driven free, on every chunk. Buffers come in power-of-two size classes; at most {@link #RETAINED_BYTES}
 * are kept idle, the rest are left to the GC. A buffer taken must be given back only after its last use.
 */
public final class DirectBuffers {
    /** Every buffer's address is a multiple of this: a RAFS chunk slot, the page size O_DIRECT needs. */
    public static final int ALIGNMENT = ChunkTable.SLOT_ALIGNMENT;

    static final long RETAINED_BYTES = 64L << 20;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(ALIGNMENT);
    private static final int CLASSES = 31 - MIN_SHIFT;

    private final ConcurrentLinkedQueue<ByteBuffer>[] idle;
    private final AtomicLong idleBytes = new AtomicLong();

    @SuppressWarnings("unchecked")
    DirectBuffers() {
        idle = new ConcurrentLinkedQueue[CLASSES];
        for (int i = 0; i < CLASSES; i++) idle[i] = new ConcurrentLinkedQueue<>();
    }

    public static final DirectBuffers SHARED = new DirectBuffers();

    /** A page-aligned direct buffer, position 0, limit {@code size}; its contents are undefined (not zeroed). */
    public ByteBuffer take(int size) {
        int cls = sizeClass(size);
        if (cls < CLASSES) {
            ByteBuffer b = idle[cls].poll();
            if (b != null) {
                idleBytes.addAndGet(-b.capacity());
                return b.clear().limit(size);
            }
        }
        int capacity = cls < CLASSES ? 1 << (cls + MIN_SHIFT) : size;
        return ByteBuffer.allocateDirect(capacity + ALIGNMENT - 1)
                .alignedSlice(ALIGNMENT)
                .limit(capacity)
                .slice()
                .limit(size);
    }

    /** Keeps {@code buffer} for reuse, unless enough are idle already. */
    public void give(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (Integer.bitCount(capacity) != 1 || capacity < 1 << MIN_SHIFT) return; // not one of ours
        int cls = Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT;
        if (cls >= CLASSES || idleBytes.addAndGet(capacity) > RETAINED_BYTES) {
            if (cls < CLASSES) idleBytes.addAndGet(-capacity);
            return;
        }
        idle[cls].offer(buffer);
    }

    private static int sizeClass(int size) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(size, 1 << MIN_SHIFT) - 1);
        return bits - MIN_SHIFT;
    }
}
