package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps a cache directory under its {@link CacheLimit}. Every tick it advances the recency {@link AccessEpoch} (from
 * its clock), collects the files found at start once the grace period is over, measures the directory and, above the
 * limit, evicts per {@link EvictionPlan} until the low-water mark. It runs on a thread of its own and takes no lock a
 * reader takes: a reader only meets an eviction on the one chunk being evicted (it waits for that chunk's claim).
 */
public final class CacheEvictor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CacheEvictor.class.getName());

    private final CacheLimit limit;
    private final CacheSpace space;
    private final AccessEpoch epoch;
    private final InstantSource clock;
    private final EvictionStats stats;
    private final Instant started;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile Consumer<EvictionPlan.Unit> beforeEach = u -> {};
    private boolean orphansCollected;
    private boolean closed;
    private Thread thread;

    public CacheEvictor(
            CacheLimit limit, CacheSpace space, AccessEpoch epoch, InstantSource clock, EvictionStats stats) {
        this.limit = limit;
        this.space = space;
        this.epoch = epoch;
        this.clock = clock;
        this.stats = stats;
        this.started = clock.instant();
        stats.cacheLimitBytes.set(limit.limitBytes());
    }

    /** Starts the evictor's thread: a {@link #tick()} every {@link CacheLimit#tick()}. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("swiftlet-cache-evictor").start(this::loop);
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                if (closed) return;
                wake.awaitNanos(limit.tick().toNanos());
                if (closed) return;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                tick();
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cache eviction pass failed (retried next tick): " + e.getMessage(),
                        e);
            }
        }
    }

    /** Called before each unit is evicted, on the evictor's thread (tests hold an eviction here; logs). */
    public void beforeEach(Consumer<EvictionPlan.Unit> hook) {
        this.beforeEach = hook == null ? u -> {} : hook;
    }

    /**
     * One pass: advance the epoch, collect expired orphans, measure, evict down to the low-water mark if over the
     * limit. Returns the allocated bytes after the pass. Passes never overlap (the thread's and a caller's).
     */
    public synchronized long tick() throws IOException {
        Duration elapsed = Duration.between(started, clock.instant());
        // one epoch per pass at most, however late the pass: a stamp made while this thread was held up (a busy
        // host stalls readers too) still gets minIdleTicks - 1 whole waits before it can be evicted
        long byClock = 1 + elapsed.toNanos() / limit.tick().toNanos();
        epoch.advanceTo((int) Math.min(byClock, epoch.current() + 1L));
        boolean graceOver = elapsed.compareTo(limit.orphanGrace()) >= 0;
        if (graceOver && !orphansCollected) {
            orphansCollected = true;
            long freed = space.collectOrphans();
            if (freed > 0)
                LOG.log(
                        System.Logger.Level.INFO,
                        "collected {0} bytes of cache files no registered image references",
                        freed);
        }
        long used = space.allocatedBytes();
        stats.cacheBytes.set(used);
        if (used <= limit.limitBytes()) return used;
        // epoch 0 is "never asked for since start": always idle, even in the daemon's first seconds
        int usedBefore = Math.max(1, epoch.current() - limit.minIdleTicks() + 1);
        List<EvictionPlan.Unit> chosen = EvictionPlan.choose(
                space.candidates(graceOver), used, limit.limitBytes(), limit.lowWaterBytes(), usedBefore);
        long freed = 0;
        int evicted = 0;
        for (EvictionPlan.Unit u : chosen) {
            beforeEach.accept(u);
            long f = space.evict(u, usedBefore);
            if (f > 0) {
                evicted++;
                freed += f;
                stats.evictions.increment();
                stats.bytesEvicted.add(f);
            }
        }
        long after = space.allocatedBytes();
        stats.cacheBytes.set(after);
        LOG.log(
                after > limit.limitBytes() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "cache {0} bytes over the limit of {1}: evicted {2} pieces ({3} bytes), now {4} bytes{5}",
                used,
                limit.limitBytes(),
                evicted,
                freed,
                after,
                after > limit.limitBytes() ? " (the rest is in use or just read)" : "");
        return after;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
