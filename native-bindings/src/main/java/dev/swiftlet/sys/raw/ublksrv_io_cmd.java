// Hand-written in jextract's shape for `struct ublksrv_io_cmd` from <linux/ublk_cmd.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct ublksrv_io_cmd } from {@code <linux/ublk_cmd.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class ublksrv_io_cmd {
    private ublksrv_io_cmd() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_SHORT.withName("q_id"),
                    C_SHORT.withName("tag"),
                    C_INT.withName("result"),
                    C_LONG_LONG.withName("addr"))
            .withName("ublksrv_io_cmd");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(index * sizeof(), sizeof());
    }

    private static final OfShort q_id$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("q_id"));
    private static final long q_id$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("q_id"));

    public static long q_id$offset() {
        return q_id$OFFSET;
    }

    public static short q_id(MemorySegment struct) {
        return struct.get(q_id$LAYOUT, q_id$OFFSET);
    }

    public static void q_id(MemorySegment struct, short value) {
        struct.set(q_id$LAYOUT, q_id$OFFSET, value);
    }

    private static final OfShort tag$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("tag"));
    private static final long tag$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("tag"));

    public static long tag$offset() {
        return tag$OFFSET;
    }

    public static short tag(MemorySegment struct) {
        return struct.get(tag$LAYOUT, tag$OFFSET);
    }

    public static void tag(MemorySegment struct, short value) {
        struct.set(tag$LAYOUT, tag$OFFSET, value);
    }

    private static final OfInt result$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("result"));
    private static final long result$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("result"));

    public static long result$offset() {
        return result$OFFSET;
    }

    public static int result(MemorySegment struct) {
        return struct.get(result$LAYOUT, result$OFFSET);
    }

    public static void result(MemorySegment struct, int value) {
        struct.set(result$LAYOUT, result$OFFSET, value);
    }

    private static final OfLong addr$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("addr"));
    private static final long addr$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("addr"));

    public static long addr$offset() {
        return addr$OFFSET;
    }

    public static long addr(MemorySegment struct) {
        return struct.get(addr$LAYOUT, addr$OFFSET);
    }

    public static void addr(MemorySegment struct, long value) {
        struct.set(addr$LAYOUT, addr$OFFSET, value);
    }
}
