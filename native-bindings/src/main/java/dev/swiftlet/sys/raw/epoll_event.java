// Hand-written in jextract's shape for `struct epoll_event` from <sys/epoll.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct epoll_event } from {@code <sys/epoll.h>}. x86_64 packs it (12 bytes, data at offset 4).
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class epoll_event {
    private epoll_event() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            C_INT.withName("events"),
            C_LONG.withByteAlignment(4).withName("data")).withName("epoll_event");

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

    private static final OfInt events$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("events"));
    private static final long events$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("events"));

    public static OfInt events$layout() {
        return events$LAYOUT;
    }

    public static long events$offset() {
        return events$OFFSET;
    }

    public static int events(MemorySegment struct) {
        return struct.get(events$LAYOUT, events$OFFSET);
    }

    public static void events(MemorySegment struct, int value) {
        struct.set(events$LAYOUT, events$OFFSET, value);
    }

    private static final OfLong data$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("data"));
    private static final long data$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("data"));

    public static OfLong data$layout() {
        return data$LAYOUT;
    }

    public static long data$offset() {
        return data$OFFSET;
    }

    public static long data(MemorySegment struct) {
        return struct.get(data$LAYOUT, data$OFFSET);
    }

    public static void data(MemorySegment struct, long value) {
        struct.set(data$LAYOUT, data$OFFSET, value);
    }
}
