package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One 80-byte entry of the bootstrap's chunk info table (nydus {@code RafsV5ChunkInfo}, kept by v6): the
 * chunk's digest and where it sits in its blob, compressed and uncompressed.
 */
public record ChunkInfo(
        byte[] digest,
        long blobIndex,
        long flags,
        long compressedSize,
        long uncompressedSize,
        long compressedOffset,
        long uncompressedOffset,
        long fileOffset,
        long index) {
    public static final int SIZE = 80;
    public static final long FLAG_COMPRESSED = 0x1;

    public static ChunkInfo read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "chunk info");
        return new ChunkInfo(
                b.bytes(offset, 32, "block_id"),
                b.u32(offset + 32, "blob_index"),
                b.u32(offset + 36, "flags"),
                b.u32(offset + 40, "compressed_size"),
                b.u32(offset + 44, "uncompressed_size"),
                b.u64(offset + 48, "compressed_offset"),
                b.u64(offset + 56, "uncompressed_offset"),
                b.u64(offset + 64, "file_offset"),
                b.u32(offset + 72, "index"));
    }

    public boolean isCompressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    /** Writes the 80-byte entry (reserved bytes zeroed); used by the builder. */
    public void write(ByteBuffer out, int offset) {
        if (digest.length != 32)
            throw new IllegalArgumentException("chunk digest must be 32 bytes, not " + digest.length);
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(offset + i, (byte) 0);
        b.put(offset, digest)
                .putInt(offset + 32, (int) blobIndex)
                .putInt(offset + 36, (int) flags)
                .putInt(offset + 40, (int) compressedSize)
                .putInt(offset + 44, (int) uncompressedSize)
                .putLong(offset + 48, compressedOffset)
                .putLong(offset + 56, uncompressedOffset)
                .putLong(offset + 64, fileOffset)
                .putInt(offset + 72, (int) index);
    }
}
