package dev.swiftlet.daemon.cache;

import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fills a whole blob in the background, in order, at low priority, as its image's {@link PrefetchPolicy} says:
 * pieces of {@code fillSize} bytes, at most {@code threads} of them in flight, under a byte budget per second (a
 * token bucket refilled continuously, shared by those fills). It waits while kernel requests are being filled for
 * the same blob (on-demand reads always go first). A piece that fails is skipped and left for on-demand reads to
 * retry. Stoppable at any time; stops by itself once the blob is complete.
 *
 * <p>Pieces named up front ({@code first}: where the image's prefetch table puts the files a container's start reads)
 * are filled before anything else, in their order; after them the rest of the blob only when the policy is enabled.
 *
 * <p>Each of the {@code threads} workers is a chain of tasks on the executor, one fill per task: a worker goes back
 * to the end of the queue after every fill, so read-ahead queued on the same pool runs between prefetch fills, and
 * a worker waiting for its budget or for kernel requests to finish waits off the pool (a delayed resubmission), not
 * in one of its threads. The budget follows an injected nanosecond clock and the waits go through an injected
 * {@link Delays}, so a test can check the pacing on a clock it moves, without waiting.
 */
public final class Prefetcher {
    /** Runs a task after a delay, off the caller's thread; the task must not block for long. */
    @FunctionalInterface
    public interface Delays {
        /** The real one: a JDK timer thread hands {@code task} on once {@code nanos} have passed. */
        Delays SYSTEM = (nanos, task) -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run)
                .execute(task);

        void runAfter(long nanos, Runnable task);
    }

    private static final System.Logger LOG = System.getLogger(Prefetcher.class.getName());
    private static final long YIELD_NANOS = 2_000_000;

    private final FileBlobCache cache;
    private final CacheWriter via;
    private final PrefetchPolicy policy;
    private final LongSupplier nanoTime;
    private final Delays delays;
    private final AtomicLong cursor = new AtomicLong();
    private final List<long[]> first;
    private final AtomicInteger firstCursor = new AtomicInteger();
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean finished;
    private long began;
    private long budgetUsed;
    private Runnable whenDone;

    public Prefetcher(FileBlobCache cache, CacheWriter via, PrefetchPolicy policy) {
        this(cache, via, policy, List.of(), System::nanoTime, Delays.SYSTEM);
    }

    /**
     * Fills {@code first} ({offset, length} pieces of the cache file) before anything else, then the whole blob when
     * {@code policy} is enabled.
     */
    public Prefetcher(FileBlobCache cache, CacheWriter via, PrefetchPolicy policy, List<long[]> first) {
        this(cache, via, policy, first, System::nanoTime, Delays.SYSTEM);
    }

    /** As above, keeping to the budget by {@code nanoTime} and waiting through {@code delays} (a test's own). */
    public Prefetcher(
            FileBlobCache cache,
            CacheWriter via,
            PrefetchPolicy policy,
            List<long[]> first,
            LongSupplier nanoTime,
            Delays delays) {
        this.first = List.copyOf(first);
        this.cache = cache;
        this.via = via;
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.delays = delays;
    }

    /**
     * Starts the workers on {@code executor} and returns at once; {@code whenDone} runs once, on whichever thread
     * ends the last worker, when the blob is complete, every piece was tried or the prefetch was stopped.
     */
    public void start(Executor executor, Runnable whenDone) {
        if (!started.compareAndSet(false, true))
            throw new IllegalStateException("prefetch of " + cache.name() + " already started");
        this.whenDone = whenDone;
        synchronized (this) {
            began = nanoTime.getAsLong();
        }
        workers.set(policy.threads());
        for (int i = 0; i < policy.threads(); i++) submit(executor, 0, () -> step(executor));
    }

    public void stop() {
        stopped = true;
    }

    /** True once the run ended (blob complete, stopped, or every piece tried). */
    public boolean finished() {
        return finished;
    }

    /** One worker's next move: wait for kernel requests, take the next missing piece, wait for its budget, fill. */
    private void step(Executor executor) {
        try {
            if (stopped || cache.isComplete()) {
                workerEnded();
                return;
            }
            if (cache.activeFills() > 0) {
                submit(executor, YIELD_NANOS, () -> step(executor));
                return;
            }
            long[] named = nextNamed();
            long piece = named != null ? named[0] : policy.enabled() ? nextMissing() : -1;
            if (piece < 0) {
                workerEnded();
                return;
            }
            long offset = piece, length = named != null ? named[1] : pieceEnd(piece) - piece;
            submit(executor, reserve(length), () -> fill(executor, offset, length));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "prefetch " + cache.name() + " worker aborted", e);
            workerEnded();
        }
    }

    private void fill(Executor executor, long offset, long length) {
        if (!stopped) {
            try {
                cache.prefetch(offset, length, via);
            } catch (IOException e) {
                if (failures.getAndIncrement() == 0)
                    LOG.log(System.Logger.Level.WARNING, "prefetch " + cache.name() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "prefetch " + cache.name() + " worker aborted", e);
                workerEnded();
                return;
            }
        }
        submit(executor, 0, () -> step(executor));
    }

    /**
     * Takes the next piece that is not all present and returns its offset, or -1 when none is left. Pieces end on a
     * chunk boundary ({@link #pieceEnd}), so no two fills share a chunk and the budget counts what each fill covers,
     * also where a piece is smaller than a chunk.
     */
    private long nextMissing() {
        for (; ; ) {
            long offset = cursor.get();
            if (offset >= cache.size()) return -1;
            long end = pieceEnd(offset);
            if (!cursor.compareAndSet(offset, end)) continue;
            if (!cache.isPresent(offset, end - offset)) return offset;
        }
    }

    /** The next piece named up front that is not all present yet, or null once they are all taken. */
    private long[] nextNamed() {
        for (int i; (i = firstCursor.getAndIncrement()) < first.size(); ) {
            long[] p = first.get(i);
            long length = Math.min(p[1], cache.size() - p[0]);
            if (p[0] >= 0 && length > 0 && !cache.isPresent(p[0], length)) return new long[] {p[0], length};
        }
        return null;
    }

    /** Where the piece from {@code offset} ends: after the last chunk its {@code fillSize} bytes touch. */
    private long pieceEnd(long offset) {
        var table = cache.table();
        long length = Math.min(policy.fillSize(), cache.size() - offset);
        int end = ChunkTable.end(table.covering(offset, length));
        return end < table.size() ? Math.max(offset + length, table.uncompressedOffset(end)) : cache.size();
    }

    /** Takes {@code length} bytes of budget; returns how many nanoseconds the fill must wait for it. */
    private synchronized long reserve(long length) {
        if (policy.bytesPerSecond() <= 0) return 0;
        long dueNanos = (long) (budgetUsed * 1e9 / policy.bytesPerSecond());
        budgetUsed += length;
        return dueNanos - (nanoTime.getAsLong() - began);
    }

    /** Runs {@code task} on {@code executor}, after {@code delayNanos} when positive; a refusal ends the worker. */
    private void submit(Executor executor, long delayNanos, Runnable task) {
        Executor guarded = r -> {
            try {
                executor.execute(r);
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "prefetch {0}: executor shut down", cache.name());
                workerEnded();
            }
        };
        if (delayNanos > 0) delays.runAfter(delayNanos, () -> guarded.execute(task));
        else guarded.execute(task);
    }

    private void workerEnded() {
        if (workers.decrementAndGet() != 0) return;
        LOG.log(
                System.Logger.Level.INFO,
                "prefetch {0} {1}: {2}/{3} chunks present{4}",
                cache.name(),
                stopped ? "stopped" : "done",
                cache.states().readyChunks(),
                cache.states().chunks(),
                failures.get() == 0 ? "" : ", " + failures.get() + " pieces failed");
        finished = true;
        if (whenDone != null) whenDone.run();
    }
}
