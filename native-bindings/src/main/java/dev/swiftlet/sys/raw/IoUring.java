// Hand-written in jextract's shape from <linux/io_uring.h> and <sys/syscall.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;

/**
 * io_uring: the two system calls (glibc has no wrappers; liburing is not used) and the constants Swiftlet needs to
 * pass ublk's {@code IORING_OP_URING_CMD}s and eventfd reads. Raw layer: functions return the result or
 * {@code -errno}. Internal: use {@code dev.swiftlet.sys.ublk} instead.
 */
public final class IoUring {
    IoUring() {}

    /** {@code <asm/unistd_64.h>}: the same numbers on every architecture (io_uring came after the unification). */
    public static long SYS_io_uring_setup() {
        return 425;
    }

    public static long SYS_io_uring_enter() {
        return 426;
    }

    /** Big SQEs: ublk's control commands (32 bytes of payload) do not fit the 16 bytes of a 64-byte entry. */
    public static int IORING_SETUP_SQE128() {
        return 1 << 10;
    }

    public static int IORING_SETUP_CQSIZE() {
        return 1 << 3;
    }

    public static long IORING_OFF_SQ_RING() {
        return 0L;
    }

    public static long IORING_OFF_CQ_RING() {
        return 0x8000000L;
    }

    public static long IORING_OFF_SQES() {
        return 0x10000000L;
    }

    public static int IORING_FEAT_SINGLE_MMAP() {
        return 1;
    }

    public static int IORING_ENTER_GETEVENTS() {
        return 1;
    }

    public static int IORING_OP_NOP() {
        return 0;
    }

    public static int IORING_OP_READ() {
        return 22;
    }

    public static int IORING_OP_URING_CMD() {
        return 46;
    }

    private static final class syscall {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG);
        static final MethodHandle HANDLE = Downcalls.errnoHandleVariadic("syscall", DESC, 1);
    }

    /** {@snippet lang=c : int io_uring_setup(u32 entries, struct io_uring_params *p); } Returns the fd, or -errno. */
    public static int io_uring_setup(int entries, MemorySegment params) {
        MemorySegment state = Downcalls.state();
        try {
            long r = (long) syscall.HANDLE.invokeExact(
                    state, SYS_io_uring_setup(), Integer.toUnsignedLong(entries), params.address(), 0L, 0L, 0L, 0L);
            return (int) Downcalls.result(r, state);
        } catch (Throwable t) {
            throw new AssertionError("io_uring_setup downcall failed", t);
        }
    }

    /**
     * {@snippet lang=c : int io_uring_enter(unsigned int fd, u32 to_submit, u32 min_complete, u32 flags,
     * const sigset_t *sig, size_t sz); } without a signal mask. Returns the number submitted, or -errno.
     */
    public static int io_uring_enter(int fd, int toSubmit, int minComplete, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            long r = (long) syscall.HANDLE.invokeExact(
                    state,
                    SYS_io_uring_enter(),
                    (long) fd,
                    Integer.toUnsignedLong(toSubmit),
                    Integer.toUnsignedLong(minComplete),
                    Integer.toUnsignedLong(flags),
                    0L,
                    0L);
            return (int) Downcalls.result(r, state);
        } catch (Throwable t) {
            throw new AssertionError("io_uring_enter downcall failed", t);
        }
    }
}
