// Hand-written in jextract's shape for `struct io_cqring_offsets` from <linux/io_uring.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct io_cqring_offsets } from {@code <linux/io_uring.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class io_cqring_offsets {
    private io_cqring_offsets() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("head"),
                    C_INT.withName("tail"),
                    C_INT.withName("ring_mask"),
                    C_INT.withName("ring_entries"),
                    C_INT.withName("overflow"),
                    C_INT.withName("cqes"),
                    C_INT.withName("flags"),
                    C_INT.withName("resv1"),
                    MemoryLayout.paddingLayout(8))
            .withName("io_cqring_offsets");

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

    private static final OfInt head$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("head"));
    private static final long head$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("head"));

    public static long head$offset() {
        return head$OFFSET;
    }

    public static int head(MemorySegment struct) {
        return struct.get(head$LAYOUT, head$OFFSET);
    }

    public static void head(MemorySegment struct, int value) {
        struct.set(head$LAYOUT, head$OFFSET, value);
    }

    private static final OfInt tail$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("tail"));
    private static final long tail$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("tail"));

    public static long tail$offset() {
        return tail$OFFSET;
    }

    public static int tail(MemorySegment struct) {
        return struct.get(tail$LAYOUT, tail$OFFSET);
    }

    public static void tail(MemorySegment struct, int value) {
        struct.set(tail$LAYOUT, tail$OFFSET, value);
    }

    private static final OfInt ring_mask$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("ring_mask"));
    private static final long ring_mask$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("ring_mask"));

    public static long ring_mask$offset() {
        return ring_mask$OFFSET;
    }

    public static int ring_mask(MemorySegment struct) {
        return struct.get(ring_mask$LAYOUT, ring_mask$OFFSET);
    }

    public static void ring_mask(MemorySegment struct, int value) {
        struct.set(ring_mask$LAYOUT, ring_mask$OFFSET, value);
    }

    private static final OfInt ring_entries$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("ring_entries"));
    private static final long ring_entries$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("ring_entries"));

    public static long ring_entries$offset() {
        return ring_entries$OFFSET;
    }

    public static int ring_entries(MemorySegment struct) {
        return struct.get(ring_entries$LAYOUT, ring_entries$OFFSET);
    }

    public static void ring_entries(MemorySegment struct, int value) {
        struct.set(ring_entries$LAYOUT, ring_entries$OFFSET, value);
    }

    private static final OfInt overflow$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("overflow"));
    private static final long overflow$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("overflow"));

    public static long overflow$offset() {
        return overflow$OFFSET;
    }

    public static int overflow(MemorySegment struct) {
        return struct.get(overflow$LAYOUT, overflow$OFFSET);
    }

    public static void overflow(MemorySegment struct, int value) {
        struct.set(overflow$LAYOUT, overflow$OFFSET, value);
    }

    private static final OfInt cqes$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("cqes"));
    private static final long cqes$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cqes"));

    public static long cqes$offset() {
        return cqes$OFFSET;
    }

    public static int cqes(MemorySegment struct) {
        return struct.get(cqes$LAYOUT, cqes$OFFSET);
    }

    public static void cqes(MemorySegment struct, int value) {
        struct.set(cqes$LAYOUT, cqes$OFFSET, value);
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

    private static final OfInt resv1$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("resv1"));
    private static final long resv1$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("resv1"));

    public static long resv1$offset() {
        return resv1$OFFSET;
    }

    public static int resv1(MemorySegment struct) {
        return struct.get(resv1$LAYOUT, resv1$OFFSET);
    }

    public static void resv1(MemorySegment struct, int value) {
        struct.set(resv1$LAYOUT, resv1$OFFSET, value);
    }
}
