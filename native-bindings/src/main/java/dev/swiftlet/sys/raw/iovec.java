// Hand-written in jextract's shape for `struct iovec` from <sys/uio.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct iovec } from {@code <sys/uio.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class iovec {
    private iovec() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_POINTER.withName("iov_base"), C_LONG.withName("iov_len"))
            .withName("iovec");

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

    private static final AddressLayout iov_base$LAYOUT =
            (AddressLayout) $LAYOUT.select(PathElement.groupElement("iov_base"));
    private static final long iov_base$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("iov_base"));

    public static AddressLayout iov_base$layout() {
        return iov_base$LAYOUT;
    }

    public static long iov_base$offset() {
        return iov_base$OFFSET;
    }

    public static MemorySegment iov_base(MemorySegment struct) {
        return struct.get(iov_base$LAYOUT, iov_base$OFFSET);
    }

    public static void iov_base(MemorySegment struct, MemorySegment value) {
        struct.set(iov_base$LAYOUT, iov_base$OFFSET, value);
    }

    private static final OfLong iov_len$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("iov_len"));
    private static final long iov_len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("iov_len"));

    public static OfLong iov_len$layout() {
        return iov_len$LAYOUT;
    }

    public static long iov_len$offset() {
        return iov_len$OFFSET;
    }

    public static long iov_len(MemorySegment struct) {
        return struct.get(iov_len$LAYOUT, iov_len$OFFSET);
    }

    public static void iov_len(MemorySegment struct, long value) {
        struct.set(iov_len$LAYOUT, iov_len$OFFSET, value);
    }
}
