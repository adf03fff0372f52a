// Hand-written in jextract's shape for `struct ublksrv_ctrl_dev_info` from <linux/ublk_cmd.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct ublksrv_ctrl_dev_info } from {@code <linux/ublk_cmd.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class ublksrv_ctrl_dev_info {
    private ublksrv_ctrl_dev_info() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_SHORT.withName("nr_hw_queues"),
                    C_SHORT.withName("queue_depth"),
                    C_SHORT.withName("state"),
                    C_SHORT.withName("pad0"),
                    C_INT.withName("max_io_buf_bytes"),
                    C_INT.withName("dev_id"),
                    C_INT.withName("ublksrv_pid"),
                    C_INT.withName("pad1"),
                    C_LONG_LONG.withName("flags"),
                    C_LONG_LONG.withName("ublksrv_flags"),
                    C_LONG_LONG.withName("reserved0"),
                    C_LONG_LONG.withName("reserved1"),
                    C_LONG_LONG.withName("reserved2"))
            .withName("ublksrv_ctrl_dev_info");

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

    private static final OfShort nr_hw_queues$LAYOUT =
            (OfShort) $LAYOUT.select(PathElement.groupElement("nr_hw_queues"));
    private static final long nr_hw_queues$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("nr_hw_queues"));

    public static long nr_hw_queues$offset() {
        return nr_hw_queues$OFFSET;
    }

    public static short nr_hw_queues(MemorySegment struct) {
        return struct.get(nr_hw_queues$LAYOUT, nr_hw_queues$OFFSET);
    }

    public static void nr_hw_queues(MemorySegment struct, short value) {
        struct.set(nr_hw_queues$LAYOUT, nr_hw_queues$OFFSET, value);
    }

    private static final OfShort queue_depth$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("queue_depth"));
    private static final long queue_depth$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("queue_depth"));

    public static long queue_depth$offset() {
        return queue_depth$OFFSET;
    }

    public static short queue_depth(MemorySegment struct) {
        return struct.get(queue_depth$LAYOUT, queue_depth$OFFSET);
    }

    public static void queue_depth(MemorySegment struct, short value) {
        struct.set(queue_depth$LAYOUT, queue_depth$OFFSET, value);
    }

    private static final OfShort state$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("state"));
    private static final long state$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("state"));

    public static long state$offset() {
        return state$OFFSET;
    }

    public static short state(MemorySegment struct) {
        return struct.get(state$LAYOUT, state$OFFSET);
    }

    public static void state(MemorySegment struct, short value) {
        struct.set(state$LAYOUT, state$OFFSET, value);
    }

    private static final OfShort pad0$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("pad0"));
    private static final long pad0$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("pad0"));

    public static long pad0$offset() {
        return pad0$OFFSET;
    }

    public static short pad0(MemorySegment struct) {
        return struct.get(pad0$LAYOUT, pad0$OFFSET);
    }

    public static void pad0(MemorySegment struct, short value) {
        struct.set(pad0$LAYOUT, pad0$OFFSET, value);
    }

    private static final OfInt max_io_buf_bytes$LAYOUT =
            (OfInt) $LAYOUT.select(PathElement.groupElement("max_io_buf_bytes"));
    private static final long max_io_buf_bytes$OFFSET =
            $LAYOUT.byteOffset(PathElement.groupElement("max_io_buf_bytes"));

    public static long max_io_buf_bytes$offset() {
        return max_io_buf_bytes$OFFSET;
    }

    public static int max_io_buf_bytes(MemorySegment struct) {
        return struct.get(max_io_buf_bytes$LAYOUT, max_io_buf_bytes$OFFSET);
    }

    public static void max_io_buf_bytes(MemorySegment struct, int value) {
        struct.set(max_io_buf_bytes$LAYOUT, max_io_buf_bytes$OFFSET, value);
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

    private static final OfInt ublksrv_pid$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("ublksrv_pid"));
    private static final long ublksrv_pid$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("ublksrv_pid"));

    public static long ublksrv_pid$offset() {
        return ublksrv_pid$OFFSET;
    }

    public static int ublksrv_pid(MemorySegment struct) {
        return struct.get(ublksrv_pid$LAYOUT, ublksrv_pid$OFFSET);
    }

    public static void ublksrv_pid(MemorySegment struct, int value) {
        struct.set(ublksrv_pid$LAYOUT, ublksrv_pid$OFFSET, value);
    }

    private static final OfInt pad1$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("pad1"));
    private static final long pad1$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("pad1"));

    public static long pad1$offset() {
        return pad1$OFFSET;
    }

    public static int pad1(MemorySegment struct) {
        return struct.get(pad1$LAYOUT, pad1$OFFSET);
    }

    public static void pad1(MemorySegment struct, int value) {
        struct.set(pad1$LAYOUT, pad1$OFFSET, value);
    }

    private static final OfLong flags$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("flags"));
    private static final long flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("flags"));

    public static long flags$offset() {
        return flags$OFFSET;
    }

    public static long flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    public static void flags(MemorySegment struct, long value) {
        struct.set(flags$LAYOUT, flags$OFFSET, value);
    }

    private static final OfLong ublksrv_flags$LAYOUT =
            (OfLong) $LAYOUT.select(PathElement.groupElement("ublksrv_flags"));
    private static final long ublksrv_flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("ublksrv_flags"));

    public static long ublksrv_flags$offset() {
        return ublksrv_flags$OFFSET;
    }

    public static long ublksrv_flags(MemorySegment struct) {
        return struct.get(ublksrv_flags$LAYOUT, ublksrv_flags$OFFSET);
    }

    public static void ublksrv_flags(MemorySegment struct, long value) {
        struct.set(ublksrv_flags$LAYOUT, ublksrv_flags$OFFSET, value);
    }

    private static final OfLong reserved0$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("reserved0"));
    private static final long reserved0$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("reserved0"));

    public static long reserved0$offset() {
        return reserved0$OFFSET;
    }

    public static long reserved0(MemorySegment struct) {
        return struct.get(reserved0$LAYOUT, reserved0$OFFSET);
    }

    public static void reserved0(MemorySegment struct, long value) {
        struct.set(reserved0$LAYOUT, reserved0$OFFSET, value);
    }

    private static final OfLong reserved1$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("reserved1"));
    private static final long reserved1$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("reserved1"));

    public static long reserved1$offset() {
        return reserved1$OFFSET;
    }

    public static long reserved1(MemorySegment struct) {
        return struct.get(reserved1$LAYOUT, reserved1$OFFSET);
    }

    public static void reserved1(MemorySegment struct, long value) {
        struct.set(reserved1$LAYOUT, reserved1$OFFSET, value);
    }

    private static final OfLong reserved2$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("reserved2"));
    private static final long reserved2$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("reserved2"));

    public static long reserved2$offset() {
        return reserved2$OFFSET;
    }

    public static long reserved2(MemorySegment struct) {
        return struct.get(reserved2$LAYOUT, reserved2$OFFSET);
    }

    public static void reserved2(MemorySegment struct, long value) {
        struct.set(reserved2$LAYOUT, reserved2$OFFSET, value);
    }
}
