package dev.swiftlet.fetch.plan;

import dev.swiftlet.fetch.FetchException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently {@link ChunkFetcher} retries a retryable failure: exponential backoff from
 * {@code baseDelay}, capped at {@code maxDelay}, with up to {@code jitter} (0..1) of the delay added at random so
 * that many readers hitting one outage do not retry in lock step. A server's {@code Retry-After} wins when it is
 * longer, up to {@code maxDelay}.
 *
 * @param attempts total attempts including the first (1 = no retry)
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay, double jitter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5), 0.25);
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

    public RetryPolicy {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be within 0..1");
    }

    /** This policy with {@code retries} tries after the first one (nydusd's {@code retry_limit}), backoff unchanged. */
    public RetryPolicy withRetries(int retries) {
        if (retries < 0) throw new IllegalArgumentException("retries must not be negative");
        return new RetryPolicy(retries + 1, baseDelay, maxDelay, jitter);
    }

    /** Whether attempt number {@code attempt} (1-based) that failed with {@code e} gets another try. */
    public boolean shouldRetry(int attempt, FetchException e) {
        return e.retryable() && attempt < attempts;
    }

    /** Delay before the attempt after failed attempt number {@code attempt} (1-based). */
    public long delayNanos(int attempt, FetchException e) {
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        long delay = attempt >= 62 ? max : Math.min(max, base << Math.min(attempt - 1, 30));
        delay += (long) (delay * jitter * ThreadLocalRandom.current().nextDouble());
        if (e.retryAfterNanos() > delay) delay = e.retryAfterNanos();
        return Math.min(delay, Math.max(max, base));
    }
}
