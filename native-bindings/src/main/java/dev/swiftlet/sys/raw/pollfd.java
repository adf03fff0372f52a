// Hand-written in jextract's shape for `struct pollfd` from <poll.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct pollfd } from {@code <poll.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class pollfd {
    private pollfd() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("fd"), C_SHORT.withName("events"), C_SHORT.withName("revents"))
            .withName("pollfd");

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

    private static final OfShort events$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("events"));
    private static final long events$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("events"));

    public static OfShort events$layout() {
        return events$LAYOUT;
    }

    public static long events$offset() {
        return events$OFFSET;
    }

    public static short events(MemorySegment struct) {
        return struct.get(events$LAYOUT, events$OFFSET);
    }

    public static void events(MemorySegment struct, short value) {
        struct.set(events$LAYOUT, events$OFFSET, value);
    }

    private static final OfShort revents$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("revents"));
    private static final long revents$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("revents"));

    public static OfShort revents$layout() {
        return revents$LAYOUT;
    }

    public static long revents$offset() {
        return revents$OFFSET;
    }

    public static short revents(MemorySegment struct) {
        return struct.get(revents$LAYOUT, revents$OFFSET);
    }

    public static void revents(MemorySegment struct, short value) {
        struct.set(revents$LAYOUT, revents$OFFSET, value);
    }
}
