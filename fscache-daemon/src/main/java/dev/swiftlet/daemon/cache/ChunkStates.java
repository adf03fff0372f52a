package dev.swiftlet.daemon.cache;

import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which chunks of one blob are in its cache file (a ready bitmap read without locks) and which are being fetched
 * right now (claims), so that two readers of the same missing chunk cause one fetch: the second waits on the
 * first's claim and, if that fetch fails, claims the chunk itself.
 */
public final class ChunkStates {
    private final int chunks;
    private final AtomicLongArray ready;
    private final LongAdder readyCount = new LongAdder();
    private final ConcurrentHashMap<Integer, CompletableFuture<Void>> claims = new ConcurrentHashMap<>();
    /**
     * Per chunk, the {@link AccessEpoch} in which a reader last asked for it (0: not since the daemon started). Set
     * by readers before they look at the ready bit and read by an eviction after it cleared that bit, so a chunk a
     * reader found ready is always seen as recent by an eviction racing with it (both are volatile accesses).
     */
    private final AtomicIntegerArray lastUse;

    public ChunkStates(int chunks) {
        this.chunks = chunks;
        this.ready = new AtomicLongArray((chunks + 63) >>> 6);
        this.lastUse = new AtomicIntegerArray(chunks);
    }

    /** Records that a reader wants chunks {@code [first, end)} in {@code epoch}; a write only when it changes. */
    public void touch(int first, int end, int epoch) {
        for (int c = first; c < end; c++) {
            if (lastUse.get(c) != epoch) lastUse.set(c, epoch);
        }
    }

    /** The epoch in which {@code chunk} was last asked for. */
    public int lastUse(int chunk) {
        return lastUse.get(chunk);
    }

    /**
     * Starts evicting {@code chunk}: succeeds only when it is ready, no fill holds it and no reader asked for it in
     * an epoch after {@code usedBefore} - 1. On success the chunk is no longer ready (readers now fill it, and wait
     * for this claim first) and the caller owns a claim it must end with {@link #endEviction}. The ready bit is
     * cleared BEFORE the cache file loses the bytes, so a later read refetches instead of reading a hole.
     */
    public boolean tryEvict(int chunk, int usedBefore) {
        // no early look at lastUse: the one check that counts is the one after the bit is cleared (the plan chose
        // this chunk as idle already)
        if (!isReady(chunk)) return false;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (claims.putIfAbsent(chunk, mine) != null) return false; // a fill holds it: never evict under a READ
        if (!clearReady(chunk)) {
            claims.remove(chunk, mine);
            mine.complete(null);
            return false;
        }
        if (lastUse.get(chunk) >= usedBefore) { // a reader found it ready just now: it is in use, keep it
            setReady(chunk);
            claims.remove(chunk, mine);
            mine.complete(null);
            return false;
        }
        return true;
    }

    /**
     * Ends an eviction started by {@link #tryEvict}. {@code stillPresent}: the bytes could not be removed, so the
     * chunk is ready again; otherwise waiting readers are told to fetch it themselves.
     */
    public void endEviction(int chunk, boolean stillPresent) {
        if (stillPresent) setReady(chunk);
        CompletableFuture<Void> claim = claims.remove(chunk);
        if (claim == null) return;
        if (stillPresent) claim.complete(null);
        else claim.completeExceptionally(new java.io.IOException("chunk " + chunk + " was evicted: fetch it again"));
    }

    public int chunks() {
        return chunks;
    }

    public boolean isReady(int chunk) {
        return (ready.get(chunk >>> 6) & (1L << chunk)) != 0;
    }

    /** True when every chunk in {@code [first, end)} is ready. */
    public boolean allReady(int first, int end) {
        for (int c = first; c < end; c++) {
            if (!isReady(c)) return false;
        }
        return true;
    }

    public boolean isComplete() {
        return readyCount.sum() >= chunks;
    }

    public long readyChunks() {
        return readyCount.sum();
    }

    /** Ready, or claimed by a fetch in flight: either way this caller need not fetch it. */
    public boolean isReadyOrClaimed(int chunk) {
        return isReady(chunk) || claims.containsKey(chunk);
    }

    /**
     * Claims {@code chunk} for fetching. Returns null when the caller now owns the claim (and must end it with
     * {@link #markReady} or {@link #release}); otherwise the future of the claim in flight (done already when the
     * chunk is ready).
     */
    public CompletableFuture<Void> claim(int chunk) {
        if (isReady(chunk)) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = claims.putIfAbsent(chunk, mine);
        if (theirs != null) return theirs;
        if (isReady(chunk)) { // became ready between the check and the claim
            claims.remove(chunk, mine);
            mine.complete(null);
            return mine;
        }
        return null;
    }

    /** The claim in flight for {@code chunk}, or null when nobody is fetching it. */
    public CompletableFuture<Void> inFlight(int chunk) {
        return claims.get(chunk);
    }

    /** The chunk's bytes are in the cache file: set its bit, end the claim, wake its waiters. */
    public void markReady(int chunk) {
        setReady(chunk);
        CompletableFuture<Void> claim = claims.remove(chunk);
        if (claim != null) claim.complete(null);
    }

    /** The claimed fetch failed: end the claim so waiters can try themselves. */
    public void release(int chunk, Throwable cause) {
        CompletableFuture<Void> claim = claims.remove(chunk);
        if (claim != null) claim.completeExceptionally(cause);
    }

    private void setReady(int chunk) {
        long bit = 1L << chunk;
        int word = chunk >>> 6;
        while (true) {
            long cur = ready.get(word);
            if ((cur & bit) != 0) return;
            if (ready.compareAndSet(word, cur, cur | bit)) {
                readyCount.increment();
                return;
            }
        }
    }

    private boolean clearReady(int chunk) {
        long bit = 1L << chunk;
        int word = chunk >>> 6;
        while (true) {
            long cur = ready.get(word);
            if ((cur & bit) == 0) return false;
            if (ready.compareAndSet(word, cur, cur & ~bit)) {
                readyCount.decrement();
                return true;
            }
        }
    }

    /**
     * Marks ready every chunk whose whole slot already holds data in the cache file, as a restarted daemon finds it
     * (a chunk is written in one piece, so data over its slot means it was written; a partial slot is refetched).
     * Returns the number of chunks restored.
     */
    public int restore(HoleProbe probe, ChunkTable table) throws IOException {
        int restored = 0;
        long pos = 0;
        int c = 0;
        while (c < table.size()) {
            long data = probe.nextData(pos);
            if (data < 0) break;
            long hole = probe.nextHole(data);
            long covering = table.covering(data, Math.max(1, hole - data));
            for (c = Math.max(c, ChunkTable.first(covering)); c < ChunkTable.end(covering); c++) {
                long start = table.uncompressedOffset(c);
                long end = Math.min(table.alignedUncompressedEnd(c), table.uncompressedSize());
                if (start >= data && end <= hole) {
                    setReady(c);
                    restored++;
                }
                if (end > hole) break; // continues past this data run: look at it with the next run
            }
            if (hole <= pos) break;
            pos = hole;
        }
        return restored;
    }
}
