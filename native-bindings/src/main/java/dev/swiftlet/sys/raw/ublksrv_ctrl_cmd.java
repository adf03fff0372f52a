// Hand-written in jextract's shape for `struct ublksrv_ctrl_cmd` from <linux/ublk_cmd.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct ublksrv_ctrl_cmd } from {@code <linux/ublk_cmd.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class ublksrv_ctrl_cmd {
    private ublksrv_ctrl_cmd() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("dev_id"),
                    C_SHORT.withName("queue_id"),
                    C_SHORT.withName("len"),
                    C_LONG_LONG.withName("addr"),
                    MemoryLayout.sequenceLayout(2, C_LONG_LONG).withName("data"))
            .withName("ublksrv_ctrl_cmd");

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

    private static final OfInt dev_id$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("dev_id"));
    private static final long dev_id$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("dev_id"));

    public static long dev_id$offset() {
        return dev_id$OFFSET;
    }

    public static int dev_id(MemorySegment struct) {
        return struct.get(dev_id$LAYOUT, dev_id$OFFSET);
    }

    public static void dev_id(MemorySegment struct, int value) {
        struct.set(dev_id$LAYOUT, dev_id$OFFSET, value);
    }

    private static final OfShort queue_id$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("queue_id"));
    private static final long queue_id$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("queue_id"));

    public static long queue_id$offset() {
        return queue_id$OFFSET;
    }

    public static short queue_id(MemorySegment struct) {
        return struct.get(queue_id$LAYOUT, queue_id$OFFSET);
    }

    public static void queue_id(MemorySegment struct, short value) {
        struct.set(queue_id$LAYOUT, queue_id$OFFSET, value);
    }

    private static final OfShort len$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("len"));
    private static final long len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("len"));

    public static long len$offset() {
        return len$OFFSET;
    }

    public static short len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    public static void len(MemorySegment struct, short value) {
        struct.set(len$LAYOUT, len$OFFSET, value);
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

    private static final long data$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("data"));

    public static long data$offset() {
        return data$OFFSET;
    }

    /** {@code data[index]}: inline command data. */
    public static long data(MemorySegment struct, int index) {
        return struct.get(C_LONG_LONG, data$OFFSET + 8L * index);
    }

    public static void data(MemorySegment struct, int index, long value) {
        struct.set(C_LONG_LONG, data$OFFSET + 8L * index, value);
    }
}
