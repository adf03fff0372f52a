// Hand-written in jextract's shape for `struct rlimit` from <sys/resource.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct rlimit } from {@code <sys/resource.h>} ({@code rlim_t} is an unsigned long on x86-64;
 * {@code RLIM_INFINITY} reads as -1). Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class rlimit {
    private rlimit() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_LONG.withName("rlim_cur"), C_LONG.withName("rlim_max"))
            .withName("rlimit");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final OfLong rlim_cur$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("rlim_cur"));
    private static final long rlim_cur$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("rlim_cur"));

    public static OfLong rlim_cur$layout() {
        return rlim_cur$LAYOUT;
    }

    public static long rlim_cur$offset() {
        return rlim_cur$OFFSET;
    }

    public static long rlim_cur(MemorySegment struct) {
        return struct.get(rlim_cur$LAYOUT, rlim_cur$OFFSET);
    }

    public static void rlim_cur(MemorySegment struct, long value) {
        struct.set(rlim_cur$LAYOUT, rlim_cur$OFFSET, value);
    }

    private static final OfLong rlim_max$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("rlim_max"));
    private static final long rlim_max$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("rlim_max"));

    public static OfLong rlim_max$layout() {
        return rlim_max$LAYOUT;
    }

    public static long rlim_max$offset() {
        return rlim_max$OFFSET;
    }

    public static long rlim_max(MemorySegment struct) {
        return struct.get(rlim_max$LAYOUT, rlim_max$OFFSET);
    }

    public static void rlim_max(MemorySegment struct, long value) {
        struct.set(rlim_max$LAYOUT, rlim_max$OFFSET, value);
    }
}
