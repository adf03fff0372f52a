package dev.swiftlet.rafs.codec;

import java.nio.ByteBuffer;

/**
 * One implementation of BLAKE3-256. Chunk digests are computed on every build and checked on every fill, so the
 * implementation is pluggable the way {@code java.nio.file} providers are: {@link Blake3Engines} picks a faster
 * one from a {@link Blake3Provider} on the class path, else BouncyCastle's pure-Java digest.
 */
public interface Blake3Engine {
    /** Writes the 32-byte digest of {@code data} (position to limit; the position is not moved) into {@code out}. */
    void digest(ByteBuffer data, byte[] out);

    /** What this engine is, for the log: library and version. */
    String description();
}
