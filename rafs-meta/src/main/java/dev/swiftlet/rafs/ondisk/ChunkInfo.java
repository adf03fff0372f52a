package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;

/**
 * One 80-byte entry of the bootstrap's chunk info table (nydus {@code RafsV5ChunkInfo}, kept by v6): the
 * chunk's digest and where it sits in its blob, compressed and uncompressed.
 */
public record ChunkInfo(byte[] digest, long blobIndex, long flags, long compressedSize, long uncompressedSize,
                        long compressedOffset, long uncompressedOffset, long fileOffset, long index) {
    public static final int SIZE = 80;
    public static final long FLAG_COMPRESSED = 0x1;

    public static ChunkInfo read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "chunk info");
        return new ChunkInfo(b.bytes(offset, 32, "block_id"), b.u32(offset + 32, "blob_index"), b.u32(offset + 36, "flags"),
                b.u32(offset + 40, "compressed_size"), b.u32(offset + 44, "uncompressed_size"),
                b.u64(offset + 48, "compressed_offset"), b.u64(offset + 56, "uncompressed_offset"),
                b.u64(offset + 64, "file_offset"), b.u32(offset + 72, "index"));
    }

    public boolean isCompressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }
}
