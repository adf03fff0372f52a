// Hand-written in jextract's shape for `struct fanotify_event_metadata` from <linux/fanotify.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct fanotify_event_metadata } from {@code <linux/fanotify.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class fanotify_event_metadata {
    private fanotify_event_metadata() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_INT.withName("event_len"),
                    C_CHAR.withName("vers"),
                    C_CHAR.withName("reserved"),
                    C_SHORT.withName("metadata_len"),
                    C_LONG_LONG.withName("mask"),
                    C_INT.withName("fd"),
                    C_INT.withName("pid"))
            .withName("fanotify_event_metadata");

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

    private static final OfInt event_len$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("event_len"));
    private static final long event_len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("event_len"));

    public static OfInt event_len$layout() {
        return event_len$LAYOUT;
    }

    public static long event_len$offset() {
        return event_len$OFFSET;
    }

    public static int event_len(MemorySegment struct) {
        return struct.get(event_len$LAYOUT, event_len$OFFSET);
    }

    public static void event_len(MemorySegment struct, int value) {
        struct.set(event_len$LAYOUT, event_len$OFFSET, value);
    }

    private static final OfByte vers$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("vers"));
    private static final long vers$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("vers"));

    public static OfByte vers$layout() {
        return vers$LAYOUT;
    }

    public static long vers$offset() {
        return vers$OFFSET;
    }

    public static byte vers(MemorySegment struct) {
        return struct.get(vers$LAYOUT, vers$OFFSET);
    }

    public static void vers(MemorySegment struct, byte value) {
        struct.set(vers$LAYOUT, vers$OFFSET, value);
    }

    private static final OfByte reserved$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("reserved"));
    private static final long reserved$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("reserved"));

    public static OfByte reserved$layout() {
        return reserved$LAYOUT;
    }

    public static long reserved$offset() {
        return reserved$OFFSET;
    }

    public static byte reserved(MemorySegment struct) {
        return struct.get(reserved$LAYOUT, reserved$OFFSET);
    }

    public static void reserved(MemorySegment struct, byte value) {
        struct.set(reserved$LAYOUT, reserved$OFFSET, value);
    }

    private static final OfShort metadata_len$LAYOUT =
            (OfShort) $LAYOUT.select(PathElement.groupElement("metadata_len"));
    private static final long metadata_len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("metadata_len"));

    public static OfShort metadata_len$layout() {
        return metadata_len$LAYOUT;
    }

    public static long metadata_len$offset() {
        return metadata_len$OFFSET;
    }

    public static short metadata_len(MemorySegment struct) {
        return struct.get(metadata_len$LAYOUT, metadata_len$OFFSET);
    }

    public static void metadata_len(MemorySegment struct, short value) {
        struct.set(metadata_len$LAYOUT, metadata_len$OFFSET, value);
    }

    private static final OfLong mask$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("mask"));
    private static final long mask$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("mask"));

    public static OfLong mask$layout() {
        return mask$LAYOUT;
    }

    public static long mask$offset() {
        return mask$OFFSET;
    }

    public static long mask(MemorySegment struct) {
        return struct.get(mask$LAYOUT, mask$OFFSET);
    }

    public static void mask(MemorySegment struct, long value) {
        struct.set(mask$LAYOUT, mask$OFFSET, value);
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

    private static final OfInt pid$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("pid"));
    private static final long pid$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("pid"));

    public static OfInt pid$layout() {
        return pid$LAYOUT;
    }

    public static long pid$offset() {
        return pid$OFFSET;
    }

    public static int pid(MemorySegment struct) {
        return struct.get(pid$LAYOUT, pid$OFFSET);
    }

    public static void pid(MemorySegment struct, int value) {
        struct.set(pid$LAYOUT, pid$OFFSET, value);
    }
}
