package dev.swiftlet.rafs.build;

import java.nio.file.Path;
import java.util.List;

/**
 * What a build wrote and how much dedup saved. {@code blobId} is null when every chunk was already in
 * the chunk dictionary (no new blob was needed).
 */
public record BuildResult(
        Path bootstrap,
        String blobId,
        List<String> blobIds,
        long files,
        long fileBytes,
        long chunks,
        long uniqueChunks,
        long dedupedChunks,
        long dedupedBytes,
        long blobCompressedSize,
        long blobUncompressedSize) {
    public String summary() {
        return String.format(
                "%d files, %d bytes in %d chunks: %d unique, %d deduplicated (%d bytes saved)%n"
                        + "bootstrap %s%nblob %s: %d bytes compressed, %d uncompressed; blobs referenced: %d",
                files,
                fileBytes,
                chunks,
                uniqueChunks,
                dedupedChunks,
                dedupedBytes,
                bootstrap,
                blobId == null ? "(none: every chunk came from the chunk dictionary)" : blobId,
                blobCompressedSize,
                blobUncompressedSize,
                blobIds.size());
    }
}
