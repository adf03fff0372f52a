package dev.swiftlet.fetch.verify;

import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.rafs.Digest;

/**
 * A chunk decoded to bytes whose digest is not the one the bootstrap records, or did not decode at all.
 * Retryable: on a network backend the bytes may have been damaged in transit; a second attempt that fails the
 * same way ends as EIO for that range.
 */
public final class DigestMismatchException extends FetchException {
    private final int chunk;

    public DigestMismatchException(String blobId, int chunk, long compressedOffset, long compressedSize,
                                   String via, String what, Throwable cause) {
        super(blobId, compressedOffset, compressedSize, via, "chunk " + chunk + ": " + what, true, cause);
        this.chunk = chunk;
    }

    public static DigestMismatchException of(String blobId, int chunk, long compressedOffset, long compressedSize,
                                             String via, Digest expected, Digest actual) {
        return new DigestMismatchException(blobId, chunk, compressedOffset, compressedSize, via,
                "digest mismatch: expected " + expected + ", got " + actual, null);
    }

    /** Index of the failed chunk in the blob's chunk table. */
    public int chunk() {
        return chunk;
    }
}
