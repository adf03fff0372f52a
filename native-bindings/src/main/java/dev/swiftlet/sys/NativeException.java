package dev.swiftlet.sys;

import java.io.IOException;

/**
 * A system call failed. Carries the call (with its arguments, as the caller described it) and the errno,
 * e.g. {@code pread(fd=7, len=4096, off=0) failed: EBADF (Bad file descriptor)}.
 */
public class NativeException extends IOException {
    private final String call;
    private final int errno;

    public NativeException(String call, int errno) {
        this(call, errno, null);
    }

    /** {@code hint} is appended for failures with a known cause a user can fix (a missing kernel option...). */
    public NativeException(String call, int errno, String hint) {
        super(call + " failed: " + Errno.name(errno) + " (" + Errno.message(errno) + ")"
                + (hint == null ? "" : ": " + hint));
        this.call = call;
        this.errno = errno;
    }

    /** The call as described at the failure site, e.g. {@code pread(fd=7, len=4096, off=0)}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
