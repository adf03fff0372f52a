package dev.swiftlet.daemon.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which cached data to evict, least recently used first: a pure function of what can be evicted, how much the cache
 * holds and where to stop. Rules, in order:
 * <ol>
 *   <li>Nothing is chosen unless the cache holds more than its limit; then units are taken until it would hold at
 *       most the low-water mark (or nothing evictable is left).</li>
 *   <li>A unit used in epoch {@code usedBefore} or later is in use: never chosen.</li>
 *   <li>Data no registered image references (blobs of released images, cache files found at start) goes first:
 *       nobody reads it now.</li>
 *   <li>Then the least recently used chunks of registered images, across all their blobs (recency is kept per
 *       chunk: a large image's cold chunks go before a small image's hot ones).</li>
 * </ol>
 */
public final class EvictionPlan {
    private EvictionPlan() {}

    /**
     * One evictable piece: a chunk of a cache file ({@code chunk >= 0}, at {@code offset}) or a whole cache file
     * ({@code chunk == WHOLE_FILE}).
     *
     * @param file the cache file
     * @param bytes what evicting it frees (the chunk's 4 KiB-aligned span; a file's allocated bytes)
     * @param lastUse the epoch it was last asked for (0: not since the daemon started)
     * @param referenced whether a registered image references the file
     */
    public record Unit(String file, int chunk, long offset, long bytes, int lastUse, boolean referenced) {
        public static final int WHOLE_FILE = -1;

        public boolean wholeFile() {
            return chunk == WHOLE_FILE;
        }
    }

    static final Comparator<Unit> ORDER = Comparator.comparing(Unit::referenced)
            .thenComparingInt(Unit::lastUse)
            .thenComparing(Unit::file)
            .thenComparingLong(Unit::offset);

    /** The units to evict, in order, to bring {@code usedBytes} from above {@code limitBytes} to {@code lowWaterBytes}. */
    public static List<Unit> choose(
            List<Unit> candidates, long usedBytes, long limitBytes, long lowWaterBytes, int usedBefore) {
        if (usedBytes <= limitBytes) return List.of();
        List<Unit> eligible = new ArrayList<>();
        for (Unit u : candidates) {
            if (u.lastUse() < usedBefore && u.bytes() > 0) eligible.add(u);
        }
        eligible.sort(ORDER);
        List<Unit> chosen = new ArrayList<>();
        long left = usedBytes;
        for (Unit u : eligible) {
            if (left <= lowWaterBytes) break;
            chosen.add(u);
            left -= u.bytes();
        }
        return chosen;
    }
}
