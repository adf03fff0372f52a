package dev.swiftlet.daemon.cache;

/**
 * How one image's blobs are prefetched: nydusd's {@code prefetch_config} (legacy {@code threads_count},
 * {@code merging_size}, {@code bandwidth_rate}; {@code config_v2.cache.prefetch} {@code threads}, {@code batch_size},
 * {@code bandwidth_limit}) after nydusd's own adjustments.
 *
 * @param enabled whether the whole blob is filled in the background
 * @param threads how many prefetch fills of one blob may run at once
 * @param fillSize uncompressed bytes per prefetch fill: nydusd rounds {@code merging_size} up to a power of two
 *     (0 or 1: 1 MiB) and to at least 256 KiB (service/src/fs_cache.rs {@code do_prefetch})
 * @param bytesPerSecond limit of the prefetch's rate in uncompressed bytes per second; 0 means none
 */
public record PrefetchPolicy(boolean enabled, int threads, int fillSize, long bytesPerSecond) {
    /** nydusd's defaults: 8 threads, 1 MiB pieces, no bandwidth limit. */
    public static final int DEFAULT_THREADS = 8;

    public static final int DEFAULT_FILL_SIZE = 1 << 20;
    public static final int MIN_FILL_SIZE = 256 << 10;
    /** nydusd refuses more (api/src/config.rs {@code validate}: threads 1..1024, batch size at most 0x10000000). */
    public static final int MAX_THREADS = 1024;

    public static final long MAX_MERGING_SIZE = 0x1000_0000L;
    /** {@code bandwidth_rate} is a u32 in nydusd. */
    public static final long MAX_BANDWIDTH = 0xFFFF_FFFFL;

    public static final PrefetchPolicy OFF = new PrefetchPolicy(false, DEFAULT_THREADS, DEFAULT_FILL_SIZE, 0);
    public static final PrefetchPolicy DEFAULT = new PrefetchPolicy(true, DEFAULT_THREADS, DEFAULT_FILL_SIZE, 0);

    public PrefetchPolicy {
        if (threads < 1 || threads > MAX_THREADS)
            throw new IllegalArgumentException("prefetch threads must be 1.." + MAX_THREADS + ", got " + threads);
        if (fillSize < MIN_FILL_SIZE || Integer.bitCount(fillSize) != 1) {
            throw new IllegalArgumentException(
                    "prefetch fill size must be a power of two of at least " + MIN_FILL_SIZE + ", got " + fillSize);
        }
        if (bytesPerSecond < 0)
            throw new IllegalArgumentException("prefetch bandwidth must not be negative, got " + bytesPerSecond);
    }

    /** {@link #DEFAULT} or {@link #OFF}. */
    public static PrefetchPolicy of(boolean enabled) {
        return enabled ? DEFAULT : OFF;
    }

    /** The fill size nydusd derives from {@code merging_size} (must be 0..{@link #MAX_MERGING_SIZE}). */
    public static int fillSizeFor(long mergingSize) {
        if (mergingSize < 0 || mergingSize > MAX_MERGING_SIZE)
            throw new IllegalArgumentException("merging size " + mergingSize + " out of range");
        if (mergingSize <= 1) return DEFAULT_FILL_SIZE;
        long pow2 = Long.highestOneBit(mergingSize - 1) << 1;
        return (int) Math.max(MIN_FILL_SIZE, pow2);
    }
}
