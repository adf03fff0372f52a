// Hand-written in jextract's shape for `struct io_uring_params` from <linux/io_uring.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct io_uring_params } from {@code <linux/io_uring.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class io_uring_params {
    private io_uring_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("sq_entries"),
                    C_INT.withName("cq_entries"),
                    C_INT.withName("flags"),
                    C_INT.withName("sq_thread_cpu"),
                    C_INT.withName("sq_thread_idle"),
                    C_INT.withName("features"),
                    C_INT.withName("wq_fd"),
                    MemoryLayout.paddingLayout(12),
                    io_sqring_offsets.layout().withName("sq_off"),
                    io_cqring_offsets.layout().withName("cq_off"))
            .withName("io_uring_params");

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

    private static final OfInt sq_entries$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("sq_entries"));
    private static final long sq_entries$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("sq_entries"));

    public static long sq_entries$offset() {
        return sq_entries$OFFSET;
    }

    public static int sq_entries(MemorySegment struct) {
        return struct.get(sq_entries$LAYOUT, sq_entries$OFFSET);
    }

    public static void sq_entries(MemorySegment struct, int value) {
        struct.set(sq_entries$LAYOUT, sq_entries$OFFSET, value);
    }

    private static final OfInt cq_entries$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("cq_entries"));
    private static final long cq_entries$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cq_entries"));

    public static long cq_entries$offset() {
        return cq_entries$OFFSET;
    }

    public static int cq_entries(MemorySegment struct) {
        return struct.get(cq_entries$LAYOUT, cq_entries$OFFSET);
    }

    public static void cq_entries(MemorySegment struct, int value) {
        struct.set(cq_entries$LAYOUT, cq_entries$OFFSET, value);
    }

    private static final OfInt flags$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("flags"));
    private static final long flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("flags"));

    public static long flags$offset() {
        return flags$OFFSET;
    }

    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    public static void flags(MemorySegment struct, int value) {
        struct.set(flags$LAYOUT, flags$OFFSET, value);
    }

    private static final OfInt sq_thread_cpu$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("sq_thread_cpu"));
    private static final long sq_thread_cpu$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("sq_thread_cpu"));

    public static long sq_thread_cpu$offset() {
        return sq_thread_cpu$OFFSET;
    }

    public static int sq_thread_cpu(MemorySegment struct) {
        return struct.get(sq_thread_cpu$LAYOUT, sq_thread_cpu$OFFSET);
    }

    public static void sq_thread_cpu(MemorySegment struct, int value) {
        struct.set(sq_thread_cpu$LAYOUT, sq_thread_cpu$OFFSET, value);
    }

    private static final OfInt sq_thread_idle$LAYOUT =
            (OfInt) $LAYOUT.select(PathElement.groupElement("sq_thread_idle"));
    private static final long sq_thread_idle$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("sq_thread_idle"));

    public static long sq_thread_idle$offset() {
        return sq_thread_idle$OFFSET;
    }

    public static int sq_thread_idle(MemorySegment struct) {
        return struct.get(sq_thread_idle$LAYOUT, sq_thread_idle$OFFSET);
    }

    public static void sq_thread_idle(MemorySegment struct, int value) {
        struct.set(sq_thread_idle$LAYOUT, sq_thread_idle$OFFSET, value);
    }

    private static final OfInt features$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("features"));
    private static final long features$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("features"));

    public static long features$offset() {
        return features$OFFSET;
    }

    public static int features(MemorySegment struct) {
        return struct.get(features$LAYOUT, features$OFFSET);
    }

    public static void features(MemorySegment struct, int value) {
        struct.set(features$LAYOUT, features$OFFSET, value);
    }

    private static final OfInt wq_fd$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("wq_fd"));
    private static final long wq_fd$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("wq_fd"));

    public static long wq_fd$offset() {
        return wq_fd$OFFSET;
    }

    public static int wq_fd(MemorySegment struct) {
        return struct.get(wq_fd$LAYOUT, wq_fd$OFFSET);
    }

    public static void wq_fd(MemorySegment struct, int value) {
        struct.set(wq_fd$LAYOUT, wq_fd$OFFSET, value);
    }

    private static final long sq_off$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("sq_off"));

    public static long sq_off$offset() {
        return sq_off$OFFSET;
    }

    /** The nested struct, as a slice of {@code struct}. */
    public static MemorySegment sq_off(MemorySegment struct) {
        return struct.asSlice(sq_off$OFFSET, io_sqring_offsets.sizeof());
    }

    private static final long cq_off$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cq_off"));

    public static long cq_off$offset() {
        return cq_off$OFFSET;
    }

    /** The nested struct, as a slice of {@code struct}. */
    public static MemorySegment cq_off(MemorySegment struct) {
        return struct.asSlice(cq_off$OFFSET, io_cqring_offsets.sizeof());
    }
}
