package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Fills a whole blob in the background, in order, at low priority: it pauses while kernel requests are being
 * filled for the same blob (on-demand reads always go first), and holds its rate under a byte budget per second
 * (a token bucket refilled continuously). A chunk that fails is skipped and left for on-demand reads to retry.
 * Stoppable at any time; stops by itself once the blob is complete.
 */
public final class Prefetcher {
    private static final System.Logger LOG = System.getLogger(Prefetcher.class.getName());
    /** Bytes per prefetch fill: a compromise between request count and how long an on-demand read may wait. */
    static final int STEP = 1 << 20;
    private static final long YIELD_NANOS = 2_000_000;

    private final FileBlobCache cache;
    private final CacheWriter via;
    private final long bytesPerSecond;
    private volatile boolean stopped;
    private volatile boolean finished;

    /** @param bytesPerSecond rate limit in uncompressed bytes per second; 0 or less means unlimited */
    public Prefetcher(FileBlobCache cache, CacheWriter via, long bytesPerSecond) {
        this.cache = cache;
        this.via = via;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Runs the prefetch on {@code executor} and returns at once. */
    public Prefetcher start(Executor executor) {
        executor.execute(this::run);
        return this;
    }

    public void stop() {
        stopped = true;
    }

    /** True once the run ended (blob complete, stopped, or every chunk tried). */
    public boolean finished() {
        return finished;
    }

    /** Runs the prefetch on the calling thread until the blob is complete or {@link #stop()} is called. */
    public void run() {
        long began = System.nanoTime();
        long budgetUsed = 0;
        int failures = 0;
        try {
            for (long offset = 0; offset < cache.size() && !stopped && !cache.isComplete(); offset += STEP) {
                long length = Math.min(STEP, cache.size() - offset);
                if (cache.isPresent(offset, length)) continue;
                while (cache.activeFills() > 0 && !stopped) LockSupport.parkNanos(YIELD_NANOS);
                if (bytesPerSecond > 0) {
                    long dueNanos = (long) (budgetUsed * 1e9 / bytesPerSecond);
                    long wait = dueNanos - (System.nanoTime() - began);
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
                try {
                    cache.prefetch(offset, length, via);
                    budgetUsed += length;
                } catch (IOException e) {
                    if (failures++ == 0) LOG.log(System.Logger.Level.WARNING, "prefetch " + cache.name() + ": " + e.getMessage());
                }
            }
            LOG.log(System.Logger.Level.INFO, "prefetch {0} {1}: {2}/{3} chunks present{4}", cache.name(),
                    stopped ? "stopped" : "done", cache.states().readyChunks(), cache.states().chunks(),
                    failures == 0 ? "" : ", " + failures + " steps failed");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "prefetch " + cache.name() + " aborted", e);
        } finally {
            finished = true;
        }
    }
}
