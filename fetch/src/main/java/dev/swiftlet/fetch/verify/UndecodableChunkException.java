package dev.swiftlet.fetch.verify;

/**
 * A chunk's stored bytes do not decode with its codec (or, stored uncompressed, are not the recorded size): damaged
 * bytes, or a bootstrap that describes the blob wrongly. No digest was computed.
 */
public final class UndecodableChunkException extends CorruptChunkException {
    public UndecodableChunkException(
            String blobId,
            int chunk,
            long compressedOffset,
            long compressedSize,
            String via,
            String what,
            Throwable cause) {
        super(blobId, chunk, compressedOffset, compressedSize, via, what, cause);
    }
}
