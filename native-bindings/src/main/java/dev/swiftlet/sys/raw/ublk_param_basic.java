// Hand-written in jextract's shape for `struct ublk_param_basic` from <linux/ublk_cmd.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct ublk_param_basic } from {@code <linux/ublk_cmd.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class ublk_param_basic {
    private ublk_param_basic() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("attrs"),
                    C_CHAR.withName("logical_bs_shift"),
                    C_CHAR.withName("physical_bs_shift"),
                    C_CHAR.withName("io_opt_shift"),
                    C_CHAR.withName("io_min_shift"),
                    C_INT.withName("max_sectors"),
                    C_INT.withName("chunk_sectors"),
                    C_LONG_LONG.withName("dev_sectors"),
                    C_LONG_LONG.withName("virt_boundary_mask"))
            .withName("ublk_param_basic");

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

    private static final OfInt attrs$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("attrs"));
    private static final long attrs$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("attrs"));

    public static long attrs$offset() {
        return attrs$OFFSET;
    }

    public static int attrs(MemorySegment struct) {
        return struct.get(attrs$LAYOUT, attrs$OFFSET);
    }

    public static void attrs(MemorySegment struct, int value) {
        struct.set(attrs$LAYOUT, attrs$OFFSET, value);
    }

    private static final OfByte logical_bs_shift$LAYOUT =
            (OfByte) $LAYOUT.select(PathElement.groupElement("logical_bs_shift"));
    private static final long logical_bs_shift$OFFSET =
            $LAYOUT.byteOffset(PathElement.groupElement("logical_bs_shift"));

    public static long logical_bs_shift$offset() {
        return logical_bs_shift$OFFSET;
    }

    public static byte logical_bs_shift(MemorySegment struct) {
        return struct.get(logical_bs_shift$LAYOUT, logical_bs_shift$OFFSET);
    }

    public static void logical_bs_shift(MemorySegment struct, byte value) {
        struct.set(logical_bs_shift$LAYOUT, logical_bs_shift$OFFSET, value);
    }

    private static final OfByte physical_bs_shift$LAYOUT =
            (OfByte) $LAYOUT.select(PathElement.groupElement("physical_bs_shift"));
    private static final long physical_bs_shift$OFFSET =
            $LAYOUT.byteOffset(PathElement.groupElement("physical_bs_shift"));

    public static long physical_bs_shift$offset() {
        return physical_bs_shift$OFFSET;
    }

    public static byte physical_bs_shift(MemorySegment struct) {
        return struct.get(physical_bs_shift$LAYOUT, physical_bs_shift$OFFSET);
    }

    public static void physical_bs_shift(MemorySegment struct, byte value) {
        struct.set(physical_bs_shift$LAYOUT, physical_bs_shift$OFFSET, value);
    }

    private static final OfByte io_opt_shift$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("io_opt_shift"));
    private static final long io_opt_shift$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("io_opt_shift"));

    public static long io_opt_shift$offset() {
        return io_opt_shift$OFFSET;
    }

    public static byte io_opt_shift(MemorySegment struct) {
        return struct.get(io_opt_shift$LAYOUT, io_opt_shift$OFFSET);
    }

    public static void io_opt_shift(MemorySegment struct, byte value) {
        struct.set(io_opt_shift$LAYOUT, io_opt_shift$OFFSET, value);
    }

    private static final OfByte io_min_shift$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("io_min_shift"));
    private static final long io_min_shift$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("io_min_shift"));

    public static long io_min_shift$offset() {
        return io_min_shift$OFFSET;
    }

    public static byte io_min_shift(MemorySegment struct) {
        return struct.get(io_min_shift$LAYOUT, io_min_shift$OFFSET);
    }

    public static void io_min_shift(MemorySegment struct, byte value) {
        struct.set(io_min_shift$LAYOUT, io_min_shift$OFFSET, value);
    }

    private static final OfInt max_sectors$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("max_sectors"));
    private static final long max_sectors$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("max_sectors"));

    public static long max_sectors$offset() {
        return max_sectors$OFFSET;
    }

    public static int max_sectors(MemorySegment struct) {
        return struct.get(max_sectors$LAYOUT, max_sectors$OFFSET);
    }

    public static void max_sectors(MemorySegment struct, int value) {
        struct.set(max_sectors$LAYOUT, max_sectors$OFFSET, value);
    }

    private static final OfInt chunk_sectors$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("chunk_sectors"));
    private static final long chunk_sectors$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("chunk_sectors"));

    public static long chunk_sectors$offset() {
        return chunk_sectors$OFFSET;
    }

    public static int chunk_sectors(MemorySegment struct) {
        return struct.get(chunk_sectors$LAYOUT, chunk_sectors$OFFSET);
    }

    public static void chunk_sectors(MemorySegment struct, int value) {
        struct.set(chunk_sectors$LAYOUT, chunk_sectors$OFFSET, value);
    }

    private static final OfLong dev_sectors$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("dev_sectors"));
    private static final long dev_sectors$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("dev_sectors"));

    public static long dev_sectors$offset() {
        return dev_sectors$OFFSET;
    }

    public static long dev_sectors(MemorySegment struct) {
        return struct.get(dev_sectors$LAYOUT, dev_sectors$OFFSET);
    }

    public static void dev_sectors(MemorySegment struct, long value) {
        struct.set(dev_sectors$LAYOUT, dev_sectors$OFFSET, value);
    }

    private static final OfLong virt_boundary_mask$LAYOUT =
            (OfLong) $LAYOUT.select(PathElement.groupElement("virt_boundary_mask"));
    private static final long virt_boundary_mask$OFFSET =
            $LAYOUT.byteOffset(PathElement.groupElement("virt_boundary_mask"));

    public static long virt_boundary_mask$offset() {
        return virt_boundary_mask$OFFSET;
    }

    public static long virt_boundary_mask(MemorySegment struct) {
        return struct.get(virt_boundary_mask$LAYOUT, virt_boundary_mask$OFFSET);
    }

    public static void virt_boundary_mask(MemorySegment struct, long value) {
        struct.set(virt_boundary_mask$LAYOUT, virt_boundary_mask$OFFSET, value);
    }
}
