package dev.swiftlet.daemon;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The daemon's worker pools: started as work arrives, handed back when idle. */
final class WorkerPools {
    /** How long a worker with nothing to do stays: long enough to carry a burst of reads, not a quiet hour. */
    static final Duration IDLE = Duration.ofSeconds(60);

    private WorkerPools() {}

    /**
     * At most {@code threads} platform threads named {@code prefix<n>}, more work queued. A thread ends after
     * {@code idle} without work, so a daemon that served one burst of reads does not keep every worker (and its stack)
     * for the rest of its life (a fixed pool kept them all: benchmarks/RESULTS.md, "Scale").
     */
    static ExecutorService of(int threads, String prefix, Duration idle) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                idle.toNanos(),
                TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(prefix, 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
