package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.util.List;

/**
 * A front end's cache directory as the {@link CacheEvictor} sees it: how much it holds, what could be evicted, and
 * how to evict one piece safely for that front end's kernel path (fanotify: punch a chunk's hole after its ready bit
 * is cleared, or delete a file nobody references).
 */
public interface CacheSpace {
    /** Bytes the cache directory's files have allocated now (sparse files count only what is written). */
    long allocatedBytes() throws IOException;

    /**
     * What could be evicted now. Cache files found at start that no registered image references are included only
     * when {@code orphansExpired} (the grace period after start has passed).
     */
    List<EvictionPlan.Unit> candidates(boolean orphansExpired) throws IOException;

    /**
     * Evicts one unit chosen from {@link #candidates}, re-checking at the last moment that it is not in use (a fill
     * holds it, a reader asked for it in epoch {@code usedBefore} or later, a registered image took the file).
     * Returns the bytes freed, 0 when it was kept.
     */
    long evict(EvictionPlan.Unit unit, int usedBefore) throws IOException;

    /** Deletes the cache files found at start that no registered image references now; returns the bytes freed. */
    long collectOrphans() throws IOException;
}
