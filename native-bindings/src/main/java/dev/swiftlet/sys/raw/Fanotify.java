// Hand-written in jextract's shape; regenerate with scripts/jextract.sh. Errno is captured (jextract cannot).
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.ValueLayout.*;
import java.lang.invoke.MethodHandle;

/**
 * {@code <linux/fanotify.h>} and {@code <sys/fanotify.h>}, including the 6.14+ pre-content values
 * ({@code FAN_PRE_ACCESS}, range info records, {@code FAN_DENY_ERRNO}). Raw layer: results or {@code -errno}.
 */
public final class Fanotify {
    Fanotify() {}

    public static int FAN_CLOEXEC() {
        return 0x1;
    }

    public static int FAN_NONBLOCK() {
        return 0x2;
    }

    public static int FAN_CLASS_NOTIF() {
        return 0x0;
    }

    public static int FAN_CLASS_CONTENT() {
        return 0x4;
    }

    public static int FAN_CLASS_PRE_CONTENT() {
        return 0x8;
    }

    public static int FAN_UNLIMITED_QUEUE() {
        return 0x10;
    }

    public static int FAN_UNLIMITED_MARKS() {
        return 0x20;
    }

    public static int FAN_REPORT_TID() {
        return 0x100;
    }

    public static int FAN_REPORT_FD_ERROR() {
        return 0x2000;
    }

    public static int FAN_MARK_ADD() {
        return 0x1;
    }

    public static int FAN_MARK_REMOVE() {
        return 0x2;
    }

    public static int FAN_MARK_FLUSH() {
        return 0x80;
    }

    public static int FAN_MARK_IGNORE() {
        return 0x400;
    }

    public static long FAN_ACCESS() {
        return 0x1L;
    }

    public static long FAN_OPEN() {
        return 0x20L;
    }

    public static long FAN_ACCESS_PERM() {
        return 0x20000L;
    }

    public static long FAN_PRE_ACCESS() {
        return 0x100000L;
    }

    public static int FAN_ALLOW() {
        return 0x1;
    }

    public static int FAN_DENY() {
        return 0x2;
    }

    public static int FAN_NOFD() {
        return -1;
    }

    public static int FAN_ERRNO_BITS() {
        return 8;
    }

    public static int FAN_ERRNO_SHIFT() {
        return 24;
    }

    public static int FAN_ERRNO_MASK() {
        return 0xff;
    }

    public static int FAN_EVENT_INFO_TYPE_RANGE() {
        return 6;
    }

    public static int FANOTIFY_METADATA_VERSION() {
        return 3;
    }

    public static int FAN_EVENT_METADATA_LEN() {
        return 24;
    }

    /** {@snippet lang=c : #define FAN_DENY_ERRNO(err) (FAN_DENY | ((((__u32)(err)) & FAN_ERRNO_MASK) << FAN_ERRNO_SHIFT)) } */
    public static int FAN_DENY_ERRNO(int err) {
        return FAN_DENY() | ((err & FAN_ERRNO_MASK()) << FAN_ERRNO_SHIFT());
    }

    private static final class fanotify_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("fanotify_init");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fanotify_init", DESC);
    }

    public static FunctionDescriptor fanotify_init$descriptor() {
        return fanotify_init.DESC;
    }

    public static MethodHandle fanotify_init$handle() {
        return fanotify_init.HANDLE;
    }

    public static MemorySegment fanotify_init$address() {
        return fanotify_init.ADDR;
    }

    /** {@snippet lang=c : int fanotify_init(unsigned int flags, unsigned int event_f_flags); } Returns the result, or {@code -errno} on failure. */
    public static int fanotify_init(int flags, int event_f_flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fanotify_init.HANDLE.invokeExact(state, flags, event_f_flags), state);
        } catch (Throwable t) {
            throw new AssertionError("fanotify_init downcall failed", t);
        }
    }

    private static final class fanotify_mark {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_INT, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("fanotify_mark");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fanotify_mark", DESC);
    }

    public static FunctionDescriptor fanotify_mark$descriptor() {
        return fanotify_mark.DESC;
    }

    public static MethodHandle fanotify_mark$handle() {
        return fanotify_mark.HANDLE;
    }

    public static MemorySegment fanotify_mark$address() {
        return fanotify_mark.ADDR;
    }

    /** {@snippet lang=c : int fanotify_mark(int fanotify_fd, unsigned int flags, uint64_t mask, int dirfd, const char *pathname); } Returns the result, or {@code -errno} on failure. */
    public static int fanotify_mark(int fanotify_fd, int flags, long mask, int dirfd, MemorySegment pathname) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result(
                    (int) fanotify_mark.HANDLE.invokeExact(state, fanotify_fd, flags, mask, dirfd, pathname), state);
        } catch (Throwable t) {
            throw new AssertionError("fanotify_mark downcall failed", t);
        }
    }
}
