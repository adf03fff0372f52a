package dev.swiftlet.daemon.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of values in classes bounded by ascending lower limits (class {@code i} holds values from {@code lower[i-1]}
 * up to {@code lower[i]}, the last class everything above): the fixed distributions nydusd reports in its file system
 * metrics, kept exactly rather than read off {@link LatencyHistogram}'s buckets, whose edges fall elsewhere.
 */
public final class ReadClasses {
    /** nydusd's request size classes: under 1 KiB, 1 KiB, 4 KiB, 16 KiB, 64 KiB, 128 KiB, 512 KiB, 1 MiB and more. */
    public static final long[] SIZES = {1 << 10, 4 << 10, 16 << 10, 64 << 10, 128 << 10, 512 << 10, 1 << 20};
    /** nydusd's read latency classes in ms: at most 1, 20, 50, 100, 500, 1000, 2000, more (limits are inclusive). */
    public static final long[] LATENCY_MILLIS = {2, 21, 51, 101, 501, 1001, 2001};

    private final long[] limits;
    private final AtomicLongArray counts;

    public ReadClasses(long[] limits) {
        this.limits = limits.clone();
        this.counts = new AtomicLongArray(limits.length + 1);
    }

    public void record(long value) {
        int i = 0;
        while (i < limits.length && value >= limits[i]) i++;
        counts.incrementAndGet(i);
    }

    public long[] counts() {
        long[] out = new long[counts.length()];
        for (int i = 0; i < out.length; i++) out[i] = counts.get(i);
        return out;
    }
}
