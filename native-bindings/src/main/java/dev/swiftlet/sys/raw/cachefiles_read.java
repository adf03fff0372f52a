// Hand-written in jextract's shape for `struct cachefiles_read` from <linux/cachefiles.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct cachefiles_read } from {@code <linux/cachefiles.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class cachefiles_read {
    private cachefiles_read() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(C_LONG.withName("off"), C_LONG.withName("len"))
            .withName("cachefiles_read");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    public static MemorySegment allocateArray(long count, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(count, $LAYOUT));
    }

    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(index * sizeof(), sizeof());
    }

    private static final OfLong off$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("off"));
    private static final long off$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("off"));

    public static OfLong off$layout() {
        return off$LAYOUT;
    }

    public static long off$offset() {
        return off$OFFSET;
    }

    public static long off(MemorySegment struct) {
        return struct.get(off$LAYOUT, off$OFFSET);
    }

    public static void off(MemorySegment struct, long value) {
        struct.set(off$LAYOUT, off$OFFSET, value);
    }

    private static final OfLong len$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("len"));
    private static final long len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("len"));

    public static OfLong len$layout() {
        return len$LAYOUT;
    }

    public static long len$offset() {
        return len$OFFSET;
    }

    public static long len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    public static void len(MemorySegment struct, long value) {
        struct.set(len$LAYOUT, len$OFFSET, value);
    }
}
