package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 4096-byte blob meta header (nydus {@code BlobCompressionContextHeader}) that follows the ci array in a
 * blob: magic at both ends, the blob features, and where the ci array is and how it is compressed.
 */
public record BlobMetaHeader(
        long features,
        int ciCompressor,
        long ciEntries,
        long ciOffset,
        long ciCompressedSize,
        long ciUncompressedSize,
        long zranOffset,
        long zranSize,
        long zranCount) {
    public static final int SIZE = 4096;
    public static final long MAGIC = 0xB10B_B10BL;

    public static BlobMetaHeader read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "blob meta header");
        if (b.u32(offset, "s_magic") != MAGIC || b.u32(offset + 4092, "s_magic2") != MAGIC) {
            throw b.error(
                    offset,
                    String.format(
                            "blob meta header magics 0x%08x/0x%08x, expected 0x%08x",
                            b.u32(offset, "s_magic"), b.u32(offset + 4092, "s_magic2"), MAGIC));
        }
        return new BlobMetaHeader(
                b.u32(offset + 4, "s_features"),
                (int) b.u32(offset + 8, "s_ci_compressor"),
                b.u32(offset + 12, "s_ci_entries"),
                b.u64(offset + 16, "s_ci_offset"),
                b.u64(offset + 24, "s_ci_compressed_size"),
                b.u64(offset + 32, "s_ci_uncompressed_size"),
                b.u64(offset + 40, "s_ci_zran_offset"),
                b.u64(offset + 48, "s_ci_zran_size"),
                b.u32(offset + 56, "s_ci_zran_count"));
    }

    /** Writes the whole 4096 bytes (reserved area zeroed). */
    public void write(ByteBuffer out, int offset) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(offset + i, (byte) 0);
        b.putInt(offset, (int) MAGIC)
                .putInt(offset + 4, (int) features)
                .putInt(offset + 8, ciCompressor)
                .putInt(offset + 12, (int) ciEntries)
                .putLong(offset + 16, ciOffset)
                .putLong(offset + 24, ciCompressedSize)
                .putLong(offset + 32, ciUncompressedSize)
                .putLong(offset + 40, zranOffset)
                .putLong(offset + 48, zranSize)
                .putInt(offset + 56, (int) zranCount)
                .putInt(offset + 4092, (int) MAGIC);
    }
}
