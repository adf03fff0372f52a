package dev.swiftlet.fetch;

/**
 * A store of data blobs addressed by blob id: a directory of files, an OCI registry, a P2P proxy in front of
 * one. Implementations are thread-safe; many reads of one or several blobs run at the same time.
 * Retries are not done here: a backend reports one attempt's failure with {@link FetchException#retryable()}
 * and {@code ChunkFetcher} decides (one visible retry loop for every backend).
 */
public interface Backend extends AutoCloseable {
    /** Size in bytes of the stored (compressed) blob. */
    long size(String blobId) throws FetchException;

    /**
     * Reads exactly {@code dst.remaining()} bytes of the blob starting at {@code offset} into {@code dst}
     * (advancing its position). Fewer bytes, more bytes or a response for another range is a
     * {@link FetchException}, never data.
     */
    void read(String blobId, long offset, java.nio.ByteBuffer dst) throws FetchException;

    /**
     * {@link #read(String, long, java.nio.ByteBuffer)}, telling {@code progress} on the calling thread how much of
     * the range has arrived while the rest is still on its way, so the caller can decode and verify the first chunks
     * of a large range while the later ones arrive. The bytes reported are those the server sent for this range (its
     * answer said so), not yet proven whole: the read may still fail. A backend that cannot tell reports the whole
     * range once it is read, which is this default.
     */
    default void read(String blobId, long offset, java.nio.ByteBuffer dst, Progress progress) throws FetchException {
        int start = dst.position();
        read(blobId, offset, dst);
        progress.arrived(dst.position() - start);
    }

    /** Hears how much of a range read has arrived. */
    @FunctionalInterface
    interface Progress {
        /**
         * The first {@code bytes} bytes of the range are in the buffer from the position it had when the read began.
         * Called on the reading thread, never while the backend writes those bytes; the count grows, except that it
         * starts again from 0 when the backend asks another route for the same range.
         */
        void arrived(int bytes);
    }

    /**
     * The request size that amortises this backend's cost per request, or 0 for no preference: long sequential runs
     * are read ahead in pieces of up to this size. Local files have none; a registry, where each request costs a
     * round trip and server work, wants several MiB.
     */
    default int preferredRequestSize() {
        return 0;
    }

    /**
     * How many times a failed read of this backend is tried again after the first try, when its configuration says
     * (nydusd's {@code retry_limit}); empty to leave it to the fetcher's retry policy. {@code ChunkFetcher} applies it.
     */
    default java.util.OptionalInt retryLimit() {
        return java.util.OptionalInt.empty();
    }

    /** The credentials this backend sends, when they can be replaced while it serves; empty for none. */
    default java.util.Optional<RotatableCredentials> credentials() {
        return java.util.Optional.empty();
    }

    /** Short description for logs and errors, e.g. {@code localfs(/var/lib/blobs)}. */
    String describe();

    @Override
    void close();
}
