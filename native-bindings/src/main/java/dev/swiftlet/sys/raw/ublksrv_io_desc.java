// Hand-written in jextract's shape for `struct ublksrv_io_desc` from <linux/ublk_cmd.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct ublksrv_io_desc } from {@code <linux/ublk_cmd.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class ublksrv_io_desc {
    private ublksrv_io_desc() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("op_flags"),
                    C_INT.withName("nr_sectors"),
                    C_LONG_LONG.withName("start_sector"),
                    C_LONG_LONG.withName("addr"))
            .withName("ublksrv_io_desc");

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

    private static final OfInt op_flags$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("op_flags"));
    private static final long op_flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("op_flags"));

    public static long op_flags$offset() {
        return op_flags$OFFSET;
    }

    public static int op_flags(MemorySegment struct) {
        return struct.get(op_flags$LAYOUT, op_flags$OFFSET);
    }

    public static void op_flags(MemorySegment struct, int value) {
        struct.set(op_flags$LAYOUT, op_flags$OFFSET, value);
    }

    private static final OfInt nr_sectors$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("nr_sectors"));
    private static final long nr_sectors$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("nr_sectors"));

    public static long nr_sectors$offset() {
        return nr_sectors$OFFSET;
    }

    public static int nr_sectors(MemorySegment struct) {
        return struct.get(nr_sectors$LAYOUT, nr_sectors$OFFSET);
    }

    public static void nr_sectors(MemorySegment struct, int value) {
        struct.set(nr_sectors$LAYOUT, nr_sectors$OFFSET, value);
    }

    private static final OfLong start_sector$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("start_sector"));
    private static final long start_sector$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("start_sector"));

    public static long start_sector$offset() {
        return start_sector$OFFSET;
    }

    public static long start_sector(MemorySegment struct) {
        return struct.get(start_sector$LAYOUT, start_sector$OFFSET);
    }

    public static void start_sector(MemorySegment struct, long value) {
        struct.set(start_sector$LAYOUT, start_sector$OFFSET, value);
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
