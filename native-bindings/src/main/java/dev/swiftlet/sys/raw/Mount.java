// Hand-written in jextract's shape; regenerate with scripts/jextract.sh. Errno is captured (jextract cannot).
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.ValueLayout.*;
import java.lang.invoke.MethodHandle;

/** {@code <sys/mount.h>}: mount(2) and umount2(2). Raw layer: results or {@code -errno}. */
public final class Mount {
    Mount() {}

    public static long MS_RDONLY() {
        return 1L;
    }

    public static long MS_NOSUID() {
        return 2L;
    }

    public static long MS_NODEV() {
        return 4L;
    }

    public static int MNT_FORCE() {
        return 1;
    }

    public static int MNT_DETACH() {
        return 2;
    }

    public static int UMOUNT_NOFOLLOW() {
        return 8;
    }

    private static final class mount {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("mount");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("mount", DESC);
    }

    public static FunctionDescriptor mount$descriptor() {
        return mount.DESC;
    }

    public static MethodHandle mount$handle() {
        return mount.HANDLE;
    }

    public static MemorySegment mount$address() {
        return mount.ADDR;
    }

    /** {@snippet lang=c : int mount(const char *source, const char *target, const char *filesystemtype, unsigned long mountflags, const void *data); } Returns the result, or {@code -errno} on failure. */
    public static int mount(
            MemorySegment source,
            MemorySegment target,
            MemorySegment filesystemtype,
            long mountflags,
            MemorySegment data) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result(
                    (int) mount.HANDLE.invokeExact(state, source, target, filesystemtype, mountflags, data), state);
        } catch (Throwable t) {
            throw new AssertionError("mount downcall failed", t);
        }
    }

    private static final class umount2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("umount2");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("umount2", DESC);
    }

    public static FunctionDescriptor umount2$descriptor() {
        return umount2.DESC;
    }

    public static MethodHandle umount2$handle() {
        return umount2.HANDLE;
    }

    public static MemorySegment umount2$address() {
        return umount2.ADDR;
    }

    /** {@snippet lang=c : int umount2(const char *target, int flags); } Returns the result, or {@code -errno} on failure. */
    public static int umount2(MemorySegment target, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) umount2.HANDLE.invokeExact(state, target, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("umount2 downcall failed", t);
        }
    }
}
