package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.SharedFd;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link CacheWriter} over an fd that background fills share (prefetch, read-ahead) and that may be closed while
 * they run: each write holds a reference to the {@link SharedFd}, so the fd is closed only when the last write is
 * done.
 */
public final class SharedFdWriter implements CacheWriter, AutoCloseable {
    private final SharedFd fd;

    public SharedFdWriter(Fd fd, String name) {
        this.fd = new SharedFd(fd, name);
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        fd.use(f -> f.pwriteFully(data, offset));
    }

    /**
     * Deallocates {@code [offset, offset+length)} (fallocate PUNCH_HOLE|KEEP_SIZE): the range reads as a hole again
     * and its blocks are freed; the file keeps its size. Through this fd because it was opened before the file's
     * mark, so the punch raises no fanotify event.
     */
    public void punchHole(long offset, long length) throws IOException {
        fd.use(f -> f.punchHole(offset, length));
    }

    /** Closes the fd once no write uses it; later writes fail. Idempotent. */
    @Override
    public void close() {
        fd.close();
    }
}
