package dev.swiftlet.daemon.cache;

import java.time.Duration;

/**
 * {@code --cache-size} and what follows from it. Eviction starts when the cache directory's allocated bytes pass
 * {@code limitBytes} and stops once they are at or below {@code lowWaterBytes}, so one pass frees a batch instead of
 * a chunk at a time.
 *
 * @param limitBytes the most the cache directory may hold
 * @param lowWaterBytes where an eviction pass stops (below the limit)
 * @param orphanGrace how long cache files that no registered image references are kept after the daemon starts (a
 *     snapshotter re-binds its images after a restart; their files must still be there)
 * @param tick how often the evictor advances the recency epoch and looks at the cache size
 * @param minIdleTicks chunks asked for within this many ticks are in use and never evicted
 */
public record CacheLimit(long limitBytes, long lowWaterBytes, Duration orphanGrace, Duration tick, int minIdleTicks) {
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    /**
     * Three ticks: a chunk a kernel request was answered for stays at least two whole ticks (seconds) after the answer.
     * The kernel reads the cache file right after the answer, but nothing tells the daemon when it has; this is the
     * margin for a reader the scheduler holds up in between.
     */
    public static final int DEFAULT_MIN_IDLE_TICKS = 3;

    public CacheLimit {
        if (limitBytes <= 0) throw new IllegalArgumentException("cache size must be positive, got " + limitBytes);
        if (lowWaterBytes < 0 || lowWaterBytes > limitBytes) {
            throw new IllegalArgumentException("low-water mark " + lowWaterBytes + " must be within 0.." + limitBytes);
        }
        if (orphanGrace.isNegative()) throw new IllegalArgumentException("grace period must not be negative");
        if (tick.isZero() || tick.isNegative()) throw new IllegalArgumentException("tick must be positive");
        if (minIdleTicks < 1) throw new IllegalArgumentException("minIdleTicks must be at least 1");
    }

    /** A limit with the low-water mark at 90 % and the default tick and idle time. */
    public static CacheLimit of(long limitBytes, Duration orphanGrace) {
        return new CacheLimit(limitBytes, limitBytes / 10 * 9, orphanGrace, DEFAULT_TICK, DEFAULT_MIN_IDLE_TICKS);
    }
}
