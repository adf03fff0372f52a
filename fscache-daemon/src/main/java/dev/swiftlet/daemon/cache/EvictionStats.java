package dev.swiftlet.daemon.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the cache evictor saw and did: the cache size and limit (gauges), evictions and the bytes they freed. */
public final class EvictionStats {
    /** Allocated bytes of the cache directory at the evictor's last look. */
    public final AtomicLong cacheBytes = new AtomicLong();
    /** {@code --cache-size}; 0 without a limit. */
    public final AtomicLong cacheLimitBytes = new AtomicLong();
    /** Chunks punched out of cache files, and whole cache files deleted. */
    public final LongAdder evictions = new LongAdder();
    /** Bytes those evictions freed. */
    public final LongAdder bytesEvicted = new LongAdder();
}
