// Hand-written in jextract's shape for `struct io_uring_cqe` from <linux/io_uring.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct io_uring_cqe } from {@code <linux/io_uring.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class io_uring_cqe {
    private io_uring_cqe() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_LONG_LONG.withName("user_data"), C_INT.withName("res"), C_INT.withName("flags"))
            .withName("io_uring_cqe");

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

    private static final OfLong user_data$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("user_data"));
    private static final long user_data$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("user_data"));

    public static long user_data$offset() {
        return user_data$OFFSET;
    }

    public static long user_data(MemorySegment struct) {
        return struct.get(user_data$LAYOUT, user_data$OFFSET);
    }

    public static void user_data(MemorySegment struct, long value) {
        struct.set(user_data$LAYOUT, user_data$OFFSET, value);
    }

    private static final OfInt res$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("res"));
    private static final long res$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("res"));

    public static long res$offset() {
        return res$OFFSET;
    }

    public static int res(MemorySegment struct) {
        return struct.get(res$LAYOUT, res$OFFSET);
    }

    public static void res(MemorySegment struct, int value) {
        struct.set(res$LAYOUT, res$OFFSET, value);
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
}
