package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import java.nio.file.Path;
import java.util.List;

/**
 * How to build: chunk compressor, digester, chunk size (a power of two, 4 KiB..16 MiB), an optional chunk dictionary
 * (a bootstrap whose blobs' chunks are reused instead of stored again) and the files a container's start reads
 * ({@code prefetch}: paths in the image, in the order they are first read). Those files' chunks are stored ahead of
 * the rest of their blob, and the bootstrap's prefetch table names them, so a daemon fetches them first and together.
 */
public record BuildOptions(
        Compression compression, DigestAlgorithm digester, int chunkSize, Path chunkDict, List<String> prefetch) {
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    public BuildOptions {
        if (chunkSize < 4096 || chunkSize > (16 << 20) || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " must be a power of two in 4 KiB..16 MiB");
        }
        if (compression == Compression.GZIP) throw new IllegalArgumentException("gzip chunks are not supported");
        prefetch = prefetch == null
                ? List.of()
                : prefetch.stream()
                        .map(BuildOptions::imagePath)
                        .filter(p -> !p.isEmpty())
                        .distinct()
                        .toList();
    }

    public BuildOptions(Compression compression, DigestAlgorithm digester, int chunkSize, Path chunkDict) {
        this(compression, digester, chunkSize, chunkDict, List.of());
    }

    /** These options with {@code files} as the prefetch list. */
    public BuildOptions withPrefetch(List<String> files) {
        return new BuildOptions(compression, digester, chunkSize, chunkDict, files);
    }

    /** A path as the tree keys it: no leading {@code /} or {@code ./}, no trailing {@code /}. */
    static String imagePath(String path) {
        String p = path.strip();
        while (p.startsWith("/") || p.startsWith("./")) p = p.substring(p.startsWith("/") ? 1 : 2);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    public static BuildOptions defaults() {
        return new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, DEFAULT_CHUNK_SIZE, null);
    }
}
