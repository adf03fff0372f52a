package dev.swiftlet.daemon.frontend.ublk;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.ublk.UblkQueue;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads of a blob's device: a range present in the cache file is copied at once, on the queue's thread (no hand-off:
 * the bitmap says so); a missing one goes to a worker, which fills it the way every front end does (claim, fetch,
 * decode, verify, write to the cache file) and then copies it. A fill that fails answers EIO for that request only;
 * the device and every other range keep being served. Past the blob's end (the device is whole 4 KiB blocks) reads
 * are zeros.
 */
final class CacheFileReads implements UblkQueue.ReadHandler {
    private static final System.Logger LOG = System.getLogger(CacheFileReads.class.getName());

    private final String name;
    private final FileBlobCache cache;
    private final Fd file;
    private final CacheWriter writer;
    private final Executor workers;
    private final DaemonMetrics metrics;

    /** @param file the cache file, open for reading; {@code writer} writes it */
    CacheFileReads(
            String name, FileBlobCache cache, Fd file, CacheWriter writer, Executor workers, DaemonMetrics metrics) {
        this.name = name;
        this.cache = cache;
        this.file = file;
        this.writer = writer;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    public void read(UblkQueue.Request r) {
        long arrived = System.nanoTime();
        metrics.requests.increment();
        long inBlob = Math.max(0, Math.min(r.length(), cache.size() - r.offset()));
        if (inBlob == 0 || cache.tryHit(r.offset(), inBlob)) {
            metrics.recordRequest(inBlob);
            copy(r, inBlob, arrived);
            return;
        }
        try {
            workers.execute(() -> fillAndCopy(r, inBlob, arrived));
        } catch (RejectedExecutionException e) { // shutting down: still answer
            fillAndCopy(r, inBlob, arrived);
        }
    }

    private void fillAndCopy(UblkQueue.Request r, long inBlob, long arrived) {
        try {
            metrics.recordRequest(inBlob);
            cache.fill(r.offset(), inBlob, writer);
        } catch (IOException | RuntimeException e) {
            metrics.failures.increment();
            LOG.log(
                    System.Logger.Level.ERROR,
                    "ublk fill failed, the reader gets EIO: " + name + " [" + r.offset() + ",+" + inBlob + ") on " + r
                            + ": " + e.getMessage());
            answer(r, -Errno.EIO, arrived);
            return;
        }
        copy(r, inBlob, arrived);
    }

    private void copy(UblkQueue.Request r, long inBlob, long arrived) {
        MemorySegment buf = r.buffer();
        try {
            long got = inBlob == 0 ? 0 : file.preadFully(buf.asSlice(0, inBlob), r.offset());
            if (got < buf.byteSize()) buf.asSlice(got).fill((byte) 0);
            answer(r, r.length(), arrived);
        } catch (NativeException e) {
            metrics.failures.increment();
            LOG.log(System.Logger.Level.ERROR, "ublk read of " + name + " failed on " + r + ": " + e.getMessage());
            answer(r, -Errno.EIO, arrived);
        }
    }

    private void answer(UblkQueue.Request r, int result, long arrived) {
        r.complete(result);
        metrics.recordAnswer(System.nanoTime() - arrived);
    }
}
