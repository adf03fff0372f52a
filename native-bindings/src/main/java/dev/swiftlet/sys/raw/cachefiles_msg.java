// Hand-written in jextract's shape for `struct cachefiles_msg` from <linux/cachefiles.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct cachefiles_msg } from {@code <linux/cachefiles.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class cachefiles_msg {
    private cachefiles_msg() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("msg_id"),
                    C_INT.withName("opcode"),
                    C_INT.withName("len"),
                    C_INT.withName("object_id"),
                    MemoryLayout.sequenceLayout(0, C_CHAR).withName("data"))
            .withName("cachefiles_msg");

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

    private static final OfInt msg_id$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("msg_id"));
    private static final long msg_id$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("msg_id"));

    public static OfInt msg_id$layout() {
        return msg_id$LAYOUT;
    }

    public static long msg_id$offset() {
        return msg_id$OFFSET;
    }

    public static int msg_id(MemorySegment struct) {
        return struct.get(msg_id$LAYOUT, msg_id$OFFSET);
    }

    public static void msg_id(MemorySegment struct, int value) {
        struct.set(msg_id$LAYOUT, msg_id$OFFSET, value);
    }

    private static final OfInt opcode$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("opcode"));
    private static final long opcode$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("opcode"));

    public static OfInt opcode$layout() {
        return opcode$LAYOUT;
    }

    public static long opcode$offset() {
        return opcode$OFFSET;
    }

    public static int opcode(MemorySegment struct) {
        return struct.get(opcode$LAYOUT, opcode$OFFSET);
    }

    public static void opcode(MemorySegment struct, int value) {
        struct.set(opcode$LAYOUT, opcode$OFFSET, value);
    }

    private static final OfInt len$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("len"));
    private static final long len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("len"));

    public static OfInt len$layout() {
        return len$LAYOUT;
    }

    public static long len$offset() {
        return len$OFFSET;
    }

    public static int len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    public static void len(MemorySegment struct, int value) {
        struct.set(len$LAYOUT, len$OFFSET, value);
    }

    private static final OfInt object_id$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("object_id"));
    private static final long object_id$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("object_id"));

    public static OfInt object_id$layout() {
        return object_id$LAYOUT;
    }

    public static long object_id$offset() {
        return object_id$OFFSET;
    }

    public static int object_id(MemorySegment struct) {
        return struct.get(object_id$LAYOUT, object_id$OFFSET);
    }

    public static void object_id(MemorySegment struct, int value) {
        struct.set(object_id$LAYOUT, object_id$OFFSET, value);
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
