package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The RAFS v6 extended superblock: 256 bytes at byte 1152 (nydus {@code RafsV6SuperBlockExt}). */
public record RafsSuperblockExt(
        long flags,
        long blobTableOffset,
        long blobTableSize,
        long chunkSize,
        long chunkTableOffset,
        long chunkTableSize,
        long prefetchTableOffset,
        long prefetchTableSize) {
    public static final long OFFSET = 1152;
    public static final int SIZE = 256;
    public static final long FLAG_EXPLICIT_UID_GID = 0x10;
    public static final long FLAG_HAS_XATTR = 0x20;
    public static final long FLAG_INLINED_CHUNK_DIGEST = 0x100;
    public static final long FLAG_TARFS_MODE = 0x200;

    public static RafsSuperblockExt read(ImageBytes b) throws FormatException {
        long o = OFFSET;
        b.require(o, SIZE, "RAFS extended superblock");
        RafsSuperblockExt e = new RafsSuperblockExt(
                b.u64(o, "flags"),
                b.u64(o + 8, "blob_table_offset"),
                b.u32(o + 16, "blob_table_size"),
                b.u32(o + 20, "chunk_size"),
                b.u64(o + 24, "chunk_table_offset"),
                b.u64(o + 32, "chunk_table_size"),
                b.u64(o + 40, "prefetch_table_offset"),
                b.u32(o + 48, "prefetch_table_size"));
        if (e.chunkSize < 4096 || e.chunkSize > (16 << 20) || Long.bitCount(e.chunkSize) != 1) {
            throw b.error(o + 20, "chunk size " + e.chunkSize + " is not a power of two in 4 KiB..16 MiB");
        }
        if (e.blobTableSize % BlobTableEntry.SIZE != 0) {
            throw b.error(
                    o + 16, "blob table size " + e.blobTableSize + " is not a multiple of " + BlobTableEntry.SIZE);
        }
        if (e.chunkTableSize % ChunkInfo.SIZE != 0) {
            throw b.error(o + 32, "chunk table size " + e.chunkTableSize + " is not a multiple of " + ChunkInfo.SIZE);
        }
        b.require(e.blobTableOffset, e.blobTableSize, "blob table");
        b.require(e.chunkTableOffset, e.chunkTableSize, "chunk table");
        return e;
    }

    /** Writes the 256 bytes at {@link #OFFSET} of a bootstrap (reserved bytes zeroed); used by the builder. */
    public void write(ByteBuffer image) {
        int o = (int) OFFSET;
        ByteBuffer b = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(o + i, (byte) 0);
        b.putLong(o, flags)
                .putLong(o + 8, blobTableOffset)
                .putInt(o + 16, (int) blobTableSize)
                .putInt(o + 20, (int) chunkSize)
                .putLong(o + 24, chunkTableOffset)
                .putLong(o + 32, chunkTableSize)
                .putLong(o + 40, prefetchTableOffset)
                .putInt(o + 48, (int) prefetchTableSize);
    }
}
