package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One entry of a blob's chunk info ("ci") array, decoded from either on-disk version: v1 (16 bytes, nydus
 * {@code BlobChunkInfoV1Ondisk}, the default) or v2 (24 bytes, {@code BlobChunkInfoV2Ondisk}, when the blob
 * has {@code CHUNK_INFO_V2}). Offsets and sizes are in bytes; {@code flags} are the v2 flag bits (v1 sets
 * only {@link #FLAG_COMPRESSED}, derived from the sizes).
 */
public record ChunkMeta(
        long compressedOffset,
        long compressedSize,
        long uncompressedOffset,
        long uncompressedSize,
        int flags,
        long data) {
    public static final int V1_SIZE = 16;
    public static final int V2_SIZE = 24;
    public static final int FLAG_COMPRESSED = 0x01,
            FLAG_ZRAN = 0x02,
            FLAG_BATCH = 0x04,
            FLAG_ENCRYPTED = 0x08,
            FLAG_HAS_CRC32 = 0x10;
    private static final long V1_MAX_OFFSET = (1L << 40) - 1;

    public boolean isCompressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    /** v1: sizes minus one are 24-bit fields split in two parts; the uncompressed offset is 4 KiB aligned. */
    public static ChunkMeta readV1(ImageBytes b, long offset) throws FormatException {
        b.require(offset, V1_SIZE, "ci v1 entry");
        long u = b.u64(offset, "uncomp_info");
        long c = b.u64(offset + 8, "comp_info");
        long uOff = u & 0x0000_0FFF_FFFF_F000L;
        long uSize = (((u >>> 44) & 0xFFFFF) | ((u & 0xF00) << 12)) + 1;
        long cOff = c & 0xFF_FFFF_FFFFL;
        long cSize = ((c >>> 44) | ((c & 0xF00_0000_0000L) >>> 20)) + 1;
        return new ChunkMeta(cOff, cSize, uOff, uSize, cSize != uSize ? FLAG_COMPRESSED : 0, 0);
    }

    public static ChunkMeta readV2(ImageBytes b, long offset) throws FormatException {
        b.require(offset, V2_SIZE, "ci v2 entry");
        long u = b.u64(offset, "uncomp_info");
        long c = b.u64(offset + 8, "comp_info");
        return new ChunkMeta(
                c & 0xFF_FFFF_FFFFL,
                (c >>> 40) & 0xFF_FFFF,
                (u & 0xFFFF_FFFFL) << 12,
                ((u >>> 32) & 0xFF_FFFF) + 1,
                (int) (u >>> 56),
                b.u64(offset + 16, "data"));
    }

    /** Writes the v1 form; the caller guarantees a 4 KiB-aligned uncompressed offset and sizes in 1..2^24. */
    public void writeV1(ByteBuffer out, int offset) {
        check();
        long us = uncompressedSize - 1, cs = compressedSize - 1;
        long u = (uncompressedOffset & 0x0000_0FFF_FFFF_F000L) | ((us & 0xFFFFF) << 44) | ((us >>> 12) & 0xF00);
        long c = (compressedOffset & V1_MAX_OFFSET) | ((cs & 0xFFFFF) << 44) | ((cs << 20) & 0xF00_0000_0000L);
        out.duplicate().order(ByteOrder.LITTLE_ENDIAN).putLong(offset, u).putLong(offset + 8, c);
    }

    public void writeV2(ByteBuffer out, int offset) {
        check();
        long u = ((uncompressedOffset >>> 12) & 0xFFFF_FFFFL)
                | (((uncompressedSize - 1) & 0xFF_FFFF) << 32)
                | ((long) (flags & 0xFF) << 56);
        long c = (compressedOffset & V1_MAX_OFFSET) | ((compressedSize & 0xFF_FFFF) << 40);
        out.duplicate()
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(offset, u)
                .putLong(offset + 8, c)
                .putLong(offset + 16, data);
    }

    private void check() {
        if ((uncompressedOffset & 0xFFF) != 0
                || uncompressedSize < 1
                || uncompressedSize > 1 << 24
                || compressedSize < 1
                || compressedSize > 1 << 24
                || compressedOffset < 0
                || compressedOffset > V1_MAX_OFFSET) {
            throw new IllegalArgumentException("chunk does not fit a ci entry: " + this);
        }
    }
}
