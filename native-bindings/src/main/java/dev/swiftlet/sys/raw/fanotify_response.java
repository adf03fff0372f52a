// Hand-written in jextract's shape for `struct fanotify_response` from <linux/fanotify.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct fanotify_response } from {@code <linux/fanotify.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class fanotify_response {
    private fanotify_response() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("fd"), C_INT.withName("response"))
            .withName("fanotify_response");

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

    private static final OfInt fd$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("fd"));
    private static final long fd$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("fd"));

    public static OfInt fd$layout() {
        return fd$LAYOUT;
    }

    public static long fd$offset() {
        return fd$OFFSET;
    }

    public static int fd(MemorySegment struct) {
        return struct.get(fd$LAYOUT, fd$OFFSET);
    }

    public static void fd(MemorySegment struct, int value) {
        struct.set(fd$LAYOUT, fd$OFFSET, value);
    }

    private static final OfInt response$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("response"));
    private static final long response$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("response"));

    public static OfInt response$layout() {
        return response$LAYOUT;
    }

    public static long response$offset() {
        return response$OFFSET;
    }

    public static int response(MemorySegment struct) {
        return struct.get(response$LAYOUT, response$OFFSET);
    }

    public static void response(MemorySegment struct, int value) {
        struct.set(response$LAYOUT, response$OFFSET, value);
    }
}
