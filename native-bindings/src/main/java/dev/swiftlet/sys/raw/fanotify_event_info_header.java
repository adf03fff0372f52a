// Hand-written in jextract's shape for `struct fanotify_event_info_header` from <linux/fanotify.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct fanotify_event_info_header } from {@code <linux/fanotify.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class fanotify_event_info_header {
    private fanotify_event_info_header() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_CHAR.withName("info_type"), C_CHAR.withName("pad"), C_SHORT.withName("len"))
            .withName("fanotify_event_info_header");

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

    private static final OfByte info_type$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("info_type"));
    private static final long info_type$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("info_type"));

    public static OfByte info_type$layout() {
        return info_type$LAYOUT;
    }

    public static long info_type$offset() {
        return info_type$OFFSET;
    }

    public static byte info_type(MemorySegment struct) {
        return struct.get(info_type$LAYOUT, info_type$OFFSET);
    }

    public static void info_type(MemorySegment struct, byte value) {
        struct.set(info_type$LAYOUT, info_type$OFFSET, value);
    }

    private static final OfByte pad$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("pad"));
    private static final long pad$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("pad"));

    public static OfByte pad$layout() {
        return pad$LAYOUT;
    }

    public static long pad$offset() {
        return pad$OFFSET;
    }

    public static byte pad(MemorySegment struct) {
        return struct.get(pad$LAYOUT, pad$OFFSET);
    }

    public static void pad(MemorySegment struct, byte value) {
        struct.set(pad$LAYOUT, pad$OFFSET, value);
    }

    private static final OfShort len$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("len"));
    private static final long len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("len"));

    public static OfShort len$layout() {
        return len$LAYOUT;
    }

    public static long len$offset() {
        return len$OFFSET;
    }

    public static short len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    public static void len(MemorySegment struct, short value) {
        struct.set(len$LAYOUT, len$OFFSET, value);
    }
}
