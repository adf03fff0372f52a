// Hand-written in jextract's shape for `struct cmsghdr` from <sys/socket.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct cmsghdr } from {@code <sys/socket.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class cmsghdr {
    private cmsghdr() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_LONG.withName("cmsg_len"), C_INT.withName("cmsg_level"), C_INT.withName("cmsg_type"))
            .withName("cmsghdr");

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

    private static final OfLong cmsg_len$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("cmsg_len"));
    private static final long cmsg_len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cmsg_len"));

    public static OfLong cmsg_len$layout() {
        return cmsg_len$LAYOUT;
    }

    public static long cmsg_len$offset() {
        return cmsg_len$OFFSET;
    }

    public static long cmsg_len(MemorySegment struct) {
        return struct.get(cmsg_len$LAYOUT, cmsg_len$OFFSET);
    }

    public static void cmsg_len(MemorySegment struct, long value) {
        struct.set(cmsg_len$LAYOUT, cmsg_len$OFFSET, value);
    }

    private static final OfInt cmsg_level$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("cmsg_level"));
    private static final long cmsg_level$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cmsg_level"));

    public static OfInt cmsg_level$layout() {
        return cmsg_level$LAYOUT;
    }

    public static long cmsg_level$offset() {
        return cmsg_level$OFFSET;
    }

    public static int cmsg_level(MemorySegment struct) {
        return struct.get(cmsg_level$LAYOUT, cmsg_level$OFFSET);
    }

    public static void cmsg_level(MemorySegment struct, int value) {
        struct.set(cmsg_level$LAYOUT, cmsg_level$OFFSET, value);
    }

    private static final OfInt cmsg_type$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("cmsg_type"));
    private static final long cmsg_type$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cmsg_type"));

    public static OfInt cmsg_type$layout() {
        return cmsg_type$LAYOUT;
    }

    public static long cmsg_type$offset() {
        return cmsg_type$OFFSET;
    }

    public static int cmsg_type(MemorySegment struct) {
        return struct.get(cmsg_type$LAYOUT, cmsg_type$OFFSET);
    }

    public static void cmsg_type(MemorySegment struct, int value) {
        struct.set(cmsg_type$LAYOUT, cmsg_type$OFFSET, value);
    }
}
