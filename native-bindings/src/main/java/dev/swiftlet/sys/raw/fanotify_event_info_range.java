// Hand-written in jextract's shape for `struct fanotify_event_info_range` from <linux/fanotify.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct fanotify_event_info_range } from {@code <linux/fanotify.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class fanotify_event_info_range {
    private fanotify_event_info_range() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    fanotify_event_info_header.layout().withName("hdr"),
                    C_INT.withName("pad"),
                    C_LONG.withName("offset"),
                    C_LONG.withName("count"))
            .withName("fanotify_event_info_range");

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

    private static final long hdr$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("hdr"));

    public static long hdr$offset() {
        return hdr$OFFSET;
    }

    public static MemorySegment hdr(MemorySegment struct) {
        return struct.asSlice(hdr$OFFSET, fanotify_event_info_header.sizeof());
    }

    private static final OfInt pad$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("pad"));
    private static final long pad$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("pad"));

    public static OfInt pad$layout() {
        return pad$LAYOUT;
    }

    public static long pad$offset() {
        return pad$OFFSET;
    }

    public static int pad(MemorySegment struct) {
        return struct.get(pad$LAYOUT, pad$OFFSET);
    }

    public static void pad(MemorySegment struct, int value) {
        struct.set(pad$LAYOUT, pad$OFFSET, value);
    }

    private static final OfLong offset$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("offset"));
    private static final long offset$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("offset"));

    public static OfLong offset$layout() {
        return offset$LAYOUT;
    }

    public static long offset$offset() {
        return offset$OFFSET;
    }

    public static long offset(MemorySegment struct) {
        return struct.get(offset$LAYOUT, offset$OFFSET);
    }

    public static void offset(MemorySegment struct, long value) {
        struct.set(offset$LAYOUT, offset$OFFSET, value);
    }

    private static final OfLong count$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("count"));
    private static final long count$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("count"));

    public static OfLong count$layout() {
        return count$LAYOUT;
    }

    public static long count$offset() {
        return count$OFFSET;
    }

    public static long count(MemorySegment struct) {
        return struct.get(count$LAYOUT, count$OFFSET);
    }

    public static void count(MemorySegment struct, long value) {
        struct.set(count$LAYOUT, count$OFFSET, value);
    }
}
