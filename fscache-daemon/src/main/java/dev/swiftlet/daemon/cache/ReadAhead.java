package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fetches ahead of a sequential reader. Kernel requests arrive one readahead window at a time (128 KiB for
 * EROFS) and the reader waits for each; without this, a cold sequential read decodes and verifies one chunk at a
 * time on one core. When a fill continues where the previous one ended, the next {@code window} bytes are filled in
 * the background in {@code step}-sized pieces on the executor, so several chunks are fetched, decoded and verified
 * in parallel while the reader consumes the current one; its next request then finds them ready or in flight
 * (claims make it wait for them rather than fetch twice). Random readers trigger nothing.
 */
final class ReadAhead {
    private static final System.Logger LOG = System.getLogger(ReadAhead.class.getName());

    private final FileBlobCache cache;
    private final Executor executor;
    private final CacheWriter writer;
    private final long window;
    private final long step;
    private long lastEnd = -1;
    private long scheduledEnd;

    ReadAhead(FileBlobCache cache, Executor executor, CacheWriter writer, long window, long step) {
        this.cache = cache;
        this.executor = executor;
        this.writer = writer;
        this.window = window;
        this.step = step;
    }

    /** Called after an on-demand fill of {@code [start, end)} succeeded. */
    void filled(long start, long end) {
        long from, to;
        synchronized (this) {
            boolean sequential = lastEnd >= 0 && start >= lastEnd - window && start <= lastEnd + window;
            // a reader moving back starts a new run; one moving forward keeps the furthest end seen
            lastEnd = start >= lastEnd - window ? Math.max(end, lastEnd) : end;
            if (!sequential) return;
            // whole steps only: a reader advancing 128 KiB at a time must not schedule eight 128 KiB pieces of one
            // chunk (each would fill the whole chunk, seven of them only to find it claimed)
            from = Math.max(end / step * step, scheduledEnd); // the piece holding `end`: its missing rest
            to = Math.min(cache.size(), alignUp(end + window));
            if (from >= to) return;
            scheduledEnd = to;
        }
        for (long off = from; off < to; off += step) {
            long length = Math.min(step, to - off);
            if (cache.isPresent(off, length)) continue;
            long pieceOffset = off;
            try {
                executor.execute(() -> fill(pieceOffset, length));
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    private long alignUp(long offset) {
        return (offset + step - 1) / step * step;
    }

    private void fill(long offset, long length) {
        try {
            cache.prefetch(offset, length, writer);
        } catch (IOException | RuntimeException e) {
            // the reader's own request will fetch it again and report the error with the request
            LOG.log(System.Logger.Level.DEBUG, "read-ahead of " + cache.name() + " at 0x" + Long.toHexString(offset)
                    + ": " + e.getMessage());
        }
    }
}
