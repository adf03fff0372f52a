package dev.swiftlet.fetch;

/**
 * Observes backend traffic for the daemon's counters. Called from fetching threads; implementations must be
 * thread-safe and cheap (adders, not locks).
 */
public interface FetchListener {
    FetchListener NONE = new FetchListener() {};

    /** One backend request succeeded: {@code bytes} stored bytes in {@code nanos}. */
    default void fetched(String blobId, long bytes, long nanos) {}

    /** An attempt failed and will be retried after {@code delayNanos}. */
    default void retrying(FetchException cause, int attempt, long delayNanos) {}

    /** A range failed for good (after retries, or a chunk failed decoding or its digest). */
    default void failed(FetchException cause) {}
}
