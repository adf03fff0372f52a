package dev.swiftlet.daemon.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request latencies in logarithmic buckets (four per power of two of microseconds, so a percentile is off by at
 * most 19%), recorded without locks; percentiles are read from the buckets. Enough to report the p50/p99 of the
 * daemon's answer time per kernel request without keeping every sample.
 */
public final class LatencyHistogram {
    private static final int SUB = 4;
    private static final int BUCKETS = 64 * SUB;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(1, nanos / 1000)));
    }

    /** 0..3 µs get a bucket each; above, four buckets per power of two. */
    static int bucket(long micros) {
        if (micros < SUB) return (int) micros;
        int log = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (log - 2)) & (SUB - 1));
        return Math.min(BUCKETS - 1, SUB + (log - 2) * SUB + sub);
    }

    /** Largest latency in microseconds that falls into bucket {@code b}. */
    static long upperBound(int b) {
        if (b < SUB) return b;
        int log = (b - SUB) / SUB + 2, sub = (b - SUB) % SUB;
        return ((long) (SUB + sub + 1) << (log - 2)) - 1;
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) n += counts.get(i);
        return n;
    }

    /** The latency in microseconds below which {@code fraction} (0..1) of the requests finished; 0 when none. */
    public long percentileMicros(double fraction) {
        long total = count();
        if (total == 0) return 0;
        long target = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, target)) return upperBound(i);
        }
        return upperBound(BUCKETS - 1);
    }
}
