package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import java.nio.file.Path;

/**
 * How to build: chunk compressor, digester, chunk size (a power of two, 4 KiB..16 MiB) and an optional
 * chunk dictionary (a bootstrap whose blobs' chunks are reused instead of stored again).
 */
public record BuildOptions(Compression compression, DigestAlgorithm digester, int chunkSize, Path chunkDict) {
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    public BuildOptions {
        if (chunkSize < 4096 || chunkSize > (16 << 20) || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " must be a power of two in 4 KiB..16 MiB");
        }
        if (compression == Compression.GZIP) throw new IllegalArgumentException("gzip chunks are not supported");
    }

    public static BuildOptions defaults() {
        return new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, DEFAULT_CHUNK_SIZE, null);
    }
}
