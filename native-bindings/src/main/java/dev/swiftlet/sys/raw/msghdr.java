// Hand-written in jextract's shape for `struct msghdr` from <sys/socket.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct msghdr } from {@code <sys/socket.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class msghdr {
    private msghdr() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_POINTER.withName("msg_name"),
                    C_INT.withName("msg_namelen"),
                    MemoryLayout.paddingLayout(4),
                    C_POINTER.withName("msg_iov"),
                    C_LONG.withName("msg_iovlen"),
                    C_POINTER.withName("msg_control"),
                    C_LONG.withName("msg_controllen"),
                    C_INT.withName("msg_flags"),
                    MemoryLayout.paddingLayout(4))
            .withName("msghdr");

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

    private static final AddressLayout msg_name$LAYOUT =
            (AddressLayout) $LAYOUT.select(PathElement.groupElement("msg_name"));
    private static final long msg_name$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_name"));

    public static AddressLayout msg_name$layout() {
        return msg_name$LAYOUT;
    }

    public static long msg_name$offset() {
        return msg_name$OFFSET;
    }

    public static MemorySegment msg_name(MemorySegment struct) {
        return struct.get(msg_name$LAYOUT, msg_name$OFFSET);
    }

    public static void msg_name(MemorySegment struct, MemorySegment value) {
        struct.set(msg_name$LAYOUT, msg_name$OFFSET, value);
    }

    private static final OfInt msg_namelen$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("msg_namelen"));
    private static final long msg_namelen$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_namelen"));

    public static OfInt msg_namelen$layout() {
        return msg_namelen$LAYOUT;
    }

    public static long msg_namelen$offset() {
        return msg_namelen$OFFSET;
    }

    public static int msg_namelen(MemorySegment struct) {
        return struct.get(msg_namelen$LAYOUT, msg_namelen$OFFSET);
    }

    public static void msg_namelen(MemorySegment struct, int value) {
        struct.set(msg_namelen$LAYOUT, msg_namelen$OFFSET, value);
    }

    private static final AddressLayout msg_iov$LAYOUT =
            (AddressLayout) $LAYOUT.select(PathElement.groupElement("msg_iov"));
    private static final long msg_iov$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_iov"));

    public static AddressLayout msg_iov$layout() {
        return msg_iov$LAYOUT;
    }

    public static long msg_iov$offset() {
        return msg_iov$OFFSET;
    }

    public static MemorySegment msg_iov(MemorySegment struct) {
        return struct.get(msg_iov$LAYOUT, msg_iov$OFFSET);
    }

    public static void msg_iov(MemorySegment struct, MemorySegment value) {
        struct.set(msg_iov$LAYOUT, msg_iov$OFFSET, value);
    }

    private static final OfLong msg_iovlen$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("msg_iovlen"));
    private static final long msg_iovlen$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_iovlen"));

    public static OfLong msg_iovlen$layout() {
        return msg_iovlen$LAYOUT;
    }

    public static long msg_iovlen$offset() {
        return msg_iovlen$OFFSET;
    }

    public static long msg_iovlen(MemorySegment struct) {
        return struct.get(msg_iovlen$LAYOUT, msg_iovlen$OFFSET);
    }

    public static void msg_iovlen(MemorySegment struct, long value) {
        struct.set(msg_iovlen$LAYOUT, msg_iovlen$OFFSET, value);
    }

    private static final AddressLayout msg_control$LAYOUT =
            (AddressLayout) $LAYOUT.select(PathElement.groupElement("msg_control"));
    private static final long msg_control$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_control"));

    public static AddressLayout msg_control$layout() {
        return msg_control$LAYOUT;
    }

    public static long msg_control$offset() {
        return msg_control$OFFSET;
    }

    public static MemorySegment msg_control(MemorySegment struct) {
        return struct.get(msg_control$LAYOUT, msg_control$OFFSET);
    }

    public static void msg_control(MemorySegment struct, MemorySegment value) {
        struct.set(msg_control$LAYOUT, msg_control$OFFSET, value);
    }

    private static final OfLong msg_controllen$LAYOUT =
            (OfLong) $LAYOUT.select(PathElement.groupElement("msg_controllen"));
    private static final long msg_controllen$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_controllen"));

    public static OfLong msg_controllen$layout() {
        return msg_controllen$LAYOUT;
    }

    public static long msg_controllen$offset() {
        return msg_controllen$OFFSET;
    }

    public static long msg_controllen(MemorySegment struct) {
        return struct.get(msg_controllen$LAYOUT, msg_controllen$OFFSET);
    }

    public static void msg_controllen(MemorySegment struct, long value) {
        struct.set(msg_controllen$LAYOUT, msg_controllen$OFFSET, value);
    }

    private static final OfInt msg_flags$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("msg_flags"));
    private static final long msg_flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_flags"));

    public static OfInt msg_flags$layout() {
        return msg_flags$LAYOUT;
    }

    public static long msg_flags$offset() {
        return msg_flags$OFFSET;
    }

    public static int msg_flags(MemorySegment struct) {
        return struct.get(msg_flags$LAYOUT, msg_flags$OFFSET);
    }

    public static void msg_flags(MemorySegment struct, int value) {
        struct.set(msg_flags$LAYOUT, msg_flags$OFFSET, value);
    }
}
