package dev.swiftlet.daemon.cache;

import dev.swiftlet.fetch.plan.ChunkFetcher;
import dev.swiftlet.fetch.plan.ChunkPlan;
import dev.swiftlet.fetch.plan.FetchRange;
import dev.swiftlet.fetch.plan.PlanLimits;
import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cache of one blob: makes ranges of its cache file present by planning the missing chunks
 * ({@link ChunkPlan}), claiming them ({@link ChunkStates}), fetching, decoding and verifying them
 * ({@link ChunkFetcher}) and writing each good chunk through the caller's {@link CacheWriter} before marking it
 * ready. A chunk that fails is never written: it stays a hole and the fill throws.
 *
 * <p>Raw devices (plain mkfs.erofs) use the same class through {@link ChunkTables#identity}.
 */
public final class FileBlobCache implements BlobCache {
    private static final System.Logger LOG = System.getLogger(FileBlobCache.class.getName());
    /** How long a fill waits for a chunk another reader is fetching before giving up with an error. */
    static final long SHARED_WAIT_SECONDS = 300;
    /** Rounds of plan/claim/wait before a fill gives up (a waiter retries a chunk whose fetcher failed). */
    private static final int ROUNDS = 3;

    private final String name;
    private final ChunkTable table;
    private final ChunkFetcher fetcher;
    private final ChunkStates states;
    private final PlanLimits limits;
    private final CacheStats stats;
    private final long size;
    private final AtomicInteger activeFills = new AtomicInteger();
    /** The epoch readers stamp on the chunks they ask for (eviction keeps recently used chunks). */
    private final AccessEpoch epoch;

    private volatile ReadAhead readAhead;
    private volatile FirstReads.Blob firstReads;

    /**
     * @param name the blob's key, for logs and errors ({@code <domain>/<blobId>})
     * @param size the cache file size (the blob's uncompressed size)
     */
    /** @param epoch the daemon's recency clock, stamped on every chunk a kernel request asks for */
    public FileBlobCache(
            String name,
            ChunkFetcher fetcher,
            ChunkStates states,
            PlanLimits limits,
            CacheStats stats,
            long size,
            AccessEpoch epoch) {
        this.name = name;
        this.epoch = epoch;
        this.table = fetcher.table();
        this.fetcher = fetcher;
        this.states = states;
        this.limits = limits;
        this.stats = stats;
        this.size = size;
        if (states.chunks() != table.size()) {
            throw new IllegalArgumentException(
                    name + ": chunk states for " + states.chunks() + " chunks, table has " + table.size());
        }
    }

    @Override
    public void fill(long offset, long length, CacheWriter via) throws IOException {
        fill(offset, length, via, limits, true);
    }

    /**
     * The fast path for a kernel request whose range may be present already: when it is, counts the request as a
     * fill and a hit, keeps read-ahead going and returns true (the caller answers at once); otherwise returns false
     * and the caller goes through {@link #fill}. Never blocks.
     */
    public boolean tryHit(long offset, long length) {
        long covering = table.covering(offset, length);
        states.touch(ChunkTable.first(covering), ChunkTable.end(covering), epoch.current());
        FirstReads.Blob fr = firstReads;
        if (fr != null) fr.touched(ChunkTable.first(covering), ChunkTable.end(covering));
        if (!isPresent(offset, length)) return false;
        stats.fills.increment();
        stats.hits.increment();
        ReadAhead ra = readAhead;
        if (ra != null) ra.filled(offset, offset + length);
        return true;
    }

    /**
     * Fill used by {@link Prefetcher} and read-ahead: no amplification, not counted as a kernel request, and chunks
     * already claimed by another fill are left to it (this returns without waiting for them).
     */
    void prefetch(long offset, long length, CacheWriter via) throws IOException {
        fill(offset, length, via, limits.withoutAmplification(), false);
    }

    private void fill(long offset, long length, CacheWriter via, PlanLimits planLimits, boolean onDemand)
            throws IOException {
        long covering = table.covering(offset, length);
        int first = ChunkTable.first(covering), end = ChunkTable.end(covering);
        if (onDemand) stats.fills.increment();
        // stamped before every ready check that lets a kernel request through (see ChunkStates#tryEvict)
        if (onDemand) {
            states.touch(first, end, epoch.current());
            FirstReads.Blob fr = firstReads;
            if (fr != null) fr.touched(first, end);
        }
        if (states.allReady(first, end)) {
            if (onDemand) {
                stats.hits.increment();
                ReadAhead ra = readAhead;
                if (ra != null) ra.filled(offset, offset + length);
            }
            return;
        }
        if (onDemand) activeFills.incrementAndGet();
        try {
            for (int round = 1; ; round++) {
                IOException failure = null;
                for (FetchRange planned : ChunkPlan.plan(offset, length, table, states::isReadyOrClaimed, planLimits)) {
                    IOException f = fetchClaimed(planned, via, onDemand);
                    if (f != null && failure == null && touches(planned, first, end)) failure = f;
                }
                if (!onDemand) {
                    // background work never waits for chunks another fill has in flight: a worker parked on them
                    // would be a worker not decoding the next chunk (read-ahead would crawl at one chunk at a time)
                    if (failure != null) throw failure;
                    return;
                }
                waitForOthers(first, end);
                states.touch(first, end, epoch.current());
                if (states.allReady(first, end)) {
                    ReadAhead ra = readAhead;
                    if (onDemand && ra != null) ra.filled(offset, offset + length);
                    return;
                }
                if (failure != null) throw failure;
                if (round >= ROUNDS) {
                    throw new IOException("fill " + name + " " + range(offset, length) + ": chunks still missing after "
                            + ROUNDS + " rounds (their fetches failed in other readers)");
                }
            }
        } catch (IOException e) {
            if (onDemand) stats.failures.increment();
            throw e;
        } finally {
            if (onDemand) activeFills.decrementAndGet();
        }
    }

    /** Claims what is still unclaimed in {@code planned}, fetches it and ends every claim. Returns the failure. */
    private IOException fetchClaimed(FetchRange planned, CacheWriter via, boolean onDemand) {
        int[] owned = new int[planned.chunkCount()];
        int n = 0;
        for (int i = 0; i < planned.chunkCount(); i++) {
            int c = planned.chunk(i);
            if (states.claim(c) == null) owned[n++] = c;
        }
        if (n == 0) return null;
        owned = Arrays.copyOf(owned, n);
        FetchRange mine = n == planned.chunkCount() ? planned : span(owned);
        IOException failure = null;
        java.util.Set<Integer> delivered =
                java.util.concurrent.ConcurrentHashMap.newKeySet(); // sinks may run on HTTP threads
        try {
            fetcher.fetch(mine, (chunk, data) -> {
                int bytes = data.remaining();
                via.write(table.uncompressedOffset(chunk), data);
                delivered.add(chunk);
                states.markReady(chunk);
                stats.chunksFilled.increment();
                (onDemand ? stats.bytesFilled : stats.bytesPrefetched).add(bytes);
            });
        } catch (IOException e) {
            failure = e;
            LOG.log(System.Logger.Level.WARNING, "fill " + name + " " + mine + ": " + e.getMessage());
        } catch (RuntimeException e) {
            failure = new IOException("fill " + name + " " + mine + ": " + e, e);
            LOG.log(System.Logger.Level.ERROR, "fill " + name + " " + mine, e);
        } finally {
            Throwable cause = failure != null ? failure : new IOException("fetch ended without delivering the chunk");
            // only the claims still this fill's: a delivered chunk may be under eviction by now, with a claim of its
            // own
            for (int c : owned) {
                if (!delivered.contains(c)) states.release(c, cause);
            }
        }
        return failure;
    }

    private void waitForOthers(int first, int end) throws IOException {
        for (int c = first; c < end; c++) {
            if (states.isReady(c)) continue;
            CompletableFuture<Void> inFlight = states.inFlight(c);
            if (inFlight == null) continue;
            stats.sharedWaits.increment();
            try {
                inFlight.get(SHARED_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // that reader's fetch failed: the next round claims the chunk for this reader
            } catch (TimeoutException e) {
                throw new IOException("fill " + name + ": chunk " + c + " has been in flight for over "
                        + SHARED_WAIT_SECONDS + " s in another reader");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("fill " + name + ": interrupted waiting for chunk " + c);
            }
        }
    }

    private FetchRange span(int[] chunks) {
        long start = Long.MAX_VALUE, stop = 0;
        for (int c : chunks) {
            start = Math.min(start, table.compressedOffset(c));
            stop = Math.max(stop, table.compressedOffset(c) + table.compressedSize(c));
        }
        return new FetchRange(start, stop - start, chunks);
    }

    private static boolean touches(FetchRange r, int first, int end) {
        for (int i = 0; i < r.chunkCount(); i++) {
            if (r.chunk(i) >= first && r.chunk(i) < end) return true;
        }
        return false;
    }

    private static String range(long offset, long length) {
        return "[0x" + Long.toHexString(offset) + ",+0x" + Long.toHexString(length) + ")";
    }

    /**
     * Turns on read-ahead for sequential readers: fills of {@code window} bytes past a sequential read run on
     * {@code executor} in {@code step} pieces and write through {@code writer}, which must stay valid for as long as
     * the cache is used (or fail cleanly once it is not). Calling it again replaces the writer; null turns it off.
     */
    public void readAhead(Executor executor, CacheWriter writer, long window, long step) {
        // a backend with a high cost per request (a registry) is read ahead, once a run is long, in its preferred
        // larger pieces, two in flight: each is decoded as it arrives, so two keep both cores of a small node
        // decoding, while on a slow link more pieces would only share it and delay the one the reader needs next
        // (the 100 Mbit/s figures are in benchmarks/RESULTS.md)
        long maxPiece = Math.max(step, fetcher.preferredRequestSize() / step * step);
        long maxWindow = Math.max(window, 2 * maxPiece);
        readAhead = writer == null ? null : new ReadAhead(this, executor, writer, maxWindow, step, maxPiece);
    }

    /** Records from now on which chunks kernel requests read first, in {@code reads}. */
    public void recordFirstReads(FirstReads reads) {
        if (firstReads == null) firstReads = reads.forBlob(table.size());
    }

    /** The chunks kernel requests read, in the order of their first read; empty unless recording. */
    public List<FirstReads.Touch> firstReads() {
        FirstReads.Blob fr = firstReads;
        return fr == null ? List.of() : fr.touches();
    }

    /** Fills currently serving kernel requests: prefetch backs off while this is above zero. */
    int activeFills() {
        return activeFills.get();
    }

    public ChunkStates states() {
        return states;
    }

    public ChunkTable table() {
        return table;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean isPresent(long offset, long length) {
        long covering = table.covering(offset, length);
        return states.allReady(ChunkTable.first(covering), ChunkTable.end(covering));
    }

    @Override
    public boolean isComplete() {
        return states.isComplete();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {
        // the fetcher's backend is shared and owned by the image table; the cache file belongs to the front end
    }

    @Override
    public String toString() {
        return "cache " + name + " (" + states.readyChunks() + "/" + states.chunks() + " chunks)";
    }
}
