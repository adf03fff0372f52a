package dev.swiftlet.daemon.cache;

import java.io.IOException;

/**
 * The local, uncompressed copy of one data blob (or of a raw device, or a bootstrap), filled on demand.
 * Layout = the blob's uncompressed address space: every chunk at its 4 KiB-aligned uncompressed offset,
 * zero padded. Thread-safe: concurrent fills of the same missing chunk cause one fetch.
 */
public interface BlobCache extends AutoCloseable {
    /**
     * Makes {@code [offset, offset+length)} present, fetching, decompressing and verifying the missing
     * chunks and writing them through {@code via}. Chunks already present are skipped. On failure the
     * chunks that could not be filled stay holes (never wrong bytes) and the exception names blob, chunk
     * and cause; chunks that were filled stay filled.
     */
    void fill(long offset, long length, CacheWriter via) throws IOException;

    /** True when every chunk overlapping the range is present (the fast path: no fetch, no lock). */
    boolean isPresent(long offset, long length);

    /** True when every chunk of the blob is present. */
    boolean isComplete();

    /** Size of the uncompressed blob: the size the kernel is told ({@code copen}, sparse file size). */
    long size();

    @Override
    void close();
}
