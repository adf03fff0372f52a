// Hand-written in jextract's shape for `struct cachefiles_open` from <linux/cachefiles.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct cachefiles_open } from {@code <linux/cachefiles.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class cachefiles_open {
    private cachefiles_open() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("volume_key_size"),
                    C_INT.withName("cookie_key_size"),
                    C_INT.withName("fd"),
                    C_INT.withName("flags"),
                    MemoryLayout.sequenceLayout(0, C_CHAR).withName("data"))
            .withName("cachefiles_open");

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

    private static final OfInt volume_key_size$LAYOUT =
            (OfInt) $LAYOUT.select(PathElement.groupElement("volume_key_size"));
    private static final long volume_key_size$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("volume_key_size"));

    public static OfInt volume_key_size$layout() {
        return volume_key_size$LAYOUT;
    }

    public static long volume_key_size$offset() {
        return volume_key_size$OFFSET;
    }

    public static int volume_key_size(MemorySegment struct) {
        return struct.get(volume_key_size$LAYOUT, volume_key_size$OFFSET);
    }

    public static void volume_key_size(MemorySegment struct, int value) {
        struct.set(volume_key_size$LAYOUT, volume_key_size$OFFSET, value);
    }

    private static final OfInt cookie_key_size$LAYOUT =
            (OfInt) $LAYOUT.select(PathElement.groupElement("cookie_key_size"));
    private static final long cookie_key_size$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cookie_key_size"));

    public static OfInt cookie_key_size$layout() {
        return cookie_key_size$LAYOUT;
    }

    public static long cookie_key_size$offset() {
        return cookie_key_size$OFFSET;
    }

    public static int cookie_key_size(MemorySegment struct) {
        return struct.get(cookie_key_size$LAYOUT, cookie_key_size$OFFSET);
    }

    public static void cookie_key_size(MemorySegment struct, int value) {
        struct.set(cookie_key_size$LAYOUT, cookie_key_size$OFFSET, value);
    }

    private static final OfInt fd$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("fd"));
    private static final long fd$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("fd"));

    public static OfInt fd$layout() {
        return fd$LAYOUT;
    }

    public static long fd$offset() {
        return fd$OFFSET;
    }

    public static int fd(MemorySegment struct) {
        return struct.get(fd$LAYOUT, fd$OFFSET);
    }

    public static void fd(MemorySegment struct, int value) {
        struct.set(fd$LAYOUT, fd$OFFSET, value);
    }

    private static final OfInt flags$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("flags"));
    private static final long flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("flags"));

    public static OfInt flags$layout() {
        return flags$LAYOUT;
    }

    public static long flags$offset() {
        return flags$OFFSET;
    }

    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    public static void flags(MemorySegment struct, int value) {
        struct.set(flags$LAYOUT, flags$OFFSET, value);
    }

    private static final long data$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("data"));

    /** Offset of the flexible array member {@code data[]}. */
    public static long data$offset() {
        return data$OFFSET;
    }

    /** A zero-length slice at {@code data}, as jextract returns it: slice the payload with {@code len} by hand. */
    public static MemorySegment data(MemorySegment struct) {
        return struct.asSlice(data$OFFSET, 0);
    }
}
