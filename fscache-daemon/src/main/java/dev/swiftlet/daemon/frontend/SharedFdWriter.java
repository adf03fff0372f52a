package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link CacheWriter} over an fd that background fills share (prefetch, read-ahead) and that may be closed while
 * they run. Each write holds a reference, and the fd is closed only when the last write is done: closing it under
 * a write could let the number be reused by another file, and the write would land there.
 */
public final class SharedFdWriter implements CacheWriter, AutoCloseable {
    private final Fd fd;
    private final String name;
    private int refs = 1;
    private boolean closed;

    public SharedFdWriter(Fd fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        use(f -> f.pwriteFully(data, offset));
    }

    /**
     * Deallocates {@code [offset, offset+length)} (fallocate PUNCH_HOLE|KEEP_SIZE): the range reads as a hole again
     * and its blocks are freed; the file keeps its size. Through this fd because it was opened before the file's
     * mark, so the punch raises no fanotify event.
     */
    public void punchHole(long offset, long length) throws IOException {
        use(f -> f.punchHole(offset, length));
    }

    private interface FdCall {
        void run(Fd fd) throws IOException;
    }

    /** Runs {@code call} on the fd with a reference held, so a close meanwhile waits for it. */
    private void use(FdCall call) throws IOException {
        acquire();
        try {
            call.run(fd);
        } finally {
            release();
        }
    }

    private synchronized void acquire() throws IOException {
        if (closed) throw new IOException(name + " is closed");
        refs++;
    }

    private void release() {
        boolean close;
        synchronized (this) {
            close = --refs == 0;
        }
        if (close) fd.closeQuietly();
    }

    /** Closes the fd once no write uses it; later writes fail. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        release();
    }
}
