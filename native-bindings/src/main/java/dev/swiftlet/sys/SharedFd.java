package dev.swiftlet.sys;

import java.io.IOException;

/**
 * An {@link Fd} that concurrent users borrow and that is closed only after the last of them is done: closing an fd
 * under a write could let its number be reused by another file, and the write would land there. The owner's
 * reference is dropped by {@link #close()}; each user holds one for the length of {@link #use} (or between
 * {@link #retain()} and {@link #release()}). Once the owner has closed it, no new use starts.
 */
public final class SharedFd implements AutoCloseable {
    /** A call made with a reference held. */
    public interface FdCall {
        void run(Fd fd) throws IOException;
    }

    private final Fd fd;
    private final String name;
    private final Runnable afterClose;
    private int refs = 1;
    private boolean ownerClosed;

    /** {@code afterClose} runs once, right after the fd is closed (releases what the fd's users shared). */
    public SharedFd(Fd fd, String name, Runnable afterClose) {
        this.fd = fd;
        this.name = name;
        this.afterClose = afterClose;
    }

    public SharedFd(Fd fd, String name) {
        this(fd, name, () -> {});
    }

    /** The fd itself, for a caller that holds a reference (the owner before {@link #close()}, or a retainer). */
    public Fd fd() {
        return fd;
    }

    /** Runs {@code call} with a reference held; fails without running it once the owner has closed. */
    public void use(FdCall call) throws IOException {
        if (!retain()) throw new IOException(name + " is closed");
        try {
            call.run(fd);
        } finally {
            release();
        }
    }

    /** Takes a reference; false once the owner has closed or the fd is gone. Each true needs one {@link #release()}. */
    public synchronized boolean retain() {
        if (ownerClosed || refs == 0) return false;
        refs++;
        return true;
    }

    /** Drops a reference taken by {@link #retain()}; the last one closes the fd. */
    public void release() {
        boolean last;
        synchronized (this) {
            if (refs == 0) return;
            last = --refs == 0;
        }
        if (last) {
            fd.closeQuietly();
            afterClose.run();
        }
    }

    /** Drops the owner's reference: the fd closes now, or when the last use in progress ends. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (ownerClosed) return;
            ownerClosed = true;
        }
        release();
    }

    @Override
    public String toString() {
        return name + " " + fd;
    }
}
