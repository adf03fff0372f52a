package dev.swiftlet.fetch.plan;

/**
 * How {@link ChunkPlan} shapes backend requests.
 *
 * @param batchSize a read smaller than this (uncompressed bytes) is amplified forward over following missing
 *     chunks up to this size, as nydusd does: the next READ of a sequential reader then finds its data local
 * @param maxRequestSize upper bound of one backend request (stored bytes), so one request never holds a huge
 *     buffer or blocks other reads for long
 * @param maxGap stored bytes of unwanted data a request may span to join two wanted chunks (one request with a
 *     small gap beats two round trips); the bytes in the gap are read and dropped
 */
public record PlanLimits(int batchSize, int maxRequestSize, int maxGap) {
    public static final int MIN_BATCH = 128 * 1024;
    public static final PlanLimits DEFAULT = new PlanLimits(1 << 20, 8 << 20, 64 << 10);

    public PlanLimits {
        if (batchSize < 0) throw new IllegalArgumentException("batch size must not be negative");
        if (batchSize != 0 && batchSize < MIN_BATCH) batchSize = MIN_BATCH;
        if (maxRequestSize < 4096) throw new IllegalArgumentException("max request size must be at least 4096");
        if (maxGap < 0) throw new IllegalArgumentException("max gap must not be negative");
    }

    /** Same limits without read amplification (prefetch and tests that count exact chunks). */
    public PlanLimits withoutAmplification() {
        return new PlanLimits(0, maxRequestSize, maxGap);
    }
}
