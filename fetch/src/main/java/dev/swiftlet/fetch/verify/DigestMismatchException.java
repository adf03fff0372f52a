package dev.swiftlet.fetch.verify;

import dev.swiftlet.rafs.Digest;

/** A chunk decoded, but to bytes whose digest is not the one the bootstrap records. */
public final class DigestMismatchException extends CorruptChunkException {
    public DigestMismatchException(
            String blobId,
            int chunk,
            long compressedOffset,
            long compressedSize,
            String via,
            Digest expected,
            Digest actual) {
        super(
                blobId,
                chunk,
                compressedOffset,
                compressedSize,
                via,
                "digest mismatch: expected " + expected + ", got " + actual,
                null);
    }
}
