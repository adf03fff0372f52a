package dev.swiftlet.fetch.verify;

import dev.swiftlet.fetch.FetchException;

/**
 * A chunk whose fetched bytes are not the chunk: either they do not decode ({@link UndecodableChunkException}) or
 * they decode to bytes whose digest is not the one the bootstrap records ({@link DigestMismatchException}).
 * Retryable: on a network backend the bytes may have been damaged in transit; a second attempt that fails the same
 * way ends as EIO for that range. The chunk is never handed on.
 */
public abstract sealed class CorruptChunkException extends FetchException
        permits DigestMismatchException, UndecodableChunkException {
    private final int chunk;

    CorruptChunkException(
            String blobId,
            int chunk,
            long compressedOffset,
            long compressedSize,
            String via,
            String what,
            Throwable cause) {
        super(blobId, compressedOffset, compressedSize, via, "chunk " + chunk + ": " + what, true, cause);
        this.chunk = chunk;
    }

    /** Index of the failed chunk in the blob's chunk table. */
    public int chunk() {
        return chunk;
    }
}
