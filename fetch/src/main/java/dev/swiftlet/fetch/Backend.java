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
     * The request size that amortises this backend's cost per request, or 0 for no preference: long sequential runs
     * are read ahead in pieces of up to this size. Local files have none; a registry, where each request costs a
     * round trip and server work, wants several MiB.
     */
    default int preferredRequestSize() {
        return 0;
    }

    /** Short description for logs and errors, e.g. {@code localfs(/var/lib/blobs)}. */
    String describe();

    @Override
    void close();
}
