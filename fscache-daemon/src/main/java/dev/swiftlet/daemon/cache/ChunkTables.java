package dev.swiftlet.daemon.cache;

import dev.swiftlet.rafs.image.ChunkTable;

/** Chunk tables the bootstrap does not carry. */
public final class ChunkTables {
    /** Chunk size used to serve raw devices: big enough for few requests, small enough to stay lazy. */
    public static final int RAW_CHUNK_SIZE = 1 << 20;

    private ChunkTables() {}

    /**
     * A raw (mkfs.erofs) device as chunks: stored uncompressed and identity-mapped (stored offset = uncompressed
     * offset), no digests, the last chunk shorter. {@code chunkSize} must be a multiple of 4096.
     */
    public static ChunkTable identity(long size, int chunkSize) {
        if (chunkSize <= 0 || chunkSize % ChunkTable.SLOT_ALIGNMENT != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 4096: " + chunkSize);
        }
        int count = (int) ((size + chunkSize - 1) / chunkSize);
        ChunkTable.Builder b = ChunkTable.builder(count, null);
        for (long off = 0; off < size; off += chunkSize) {
            int len = (int) Math.min(chunkSize, size - off);
            b.add(off, len, off, len, false, null);
        }
        return b.build();
    }
}
