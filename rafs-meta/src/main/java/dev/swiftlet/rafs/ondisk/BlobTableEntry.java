package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** One 256-byte RAFS v6 blob table entry (nydus {@code RafsV6Blob}). */
public record BlobTableEntry(
        String blobId,
        long blobIndex,
        long chunkSize,
        long chunkCount,
        int compressionAlgo,
        int digestAlgo,
        long features,
        long compressedSize,
        long uncompressedSize,
        long tocSize,
        int ciCompressor,
        long ciOffset,
        long ciCompressedSize,
        long ciUncompressedSize) {
    public static final int SIZE = 256;
    public static final long MAX_CHUNKS = 1L << 24;
    public static final long MAX_UNCOMPRESSED_SIZE = 1L << 44;

    public static BlobTableEntry read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "blob table entry");
        BlobTableEntry e = new BlobTableEntry(
                b.cString(offset, 64, "blob_id"),
                b.u32(offset + 64, "blob_index"),
                b.u32(offset + 68, "chunk_size"),
                b.u32(offset + 72, "chunk_count"),
                (int) b.u32(offset + 76, "compression_algo"),
                (int) b.u32(offset + 80, "digest_algo"),
                b.u32(offset + 84, "features"),
                b.u64(offset + 88, "compressed_size"),
                b.u64(offset + 96, "uncompressed_size"),
                b.u32(offset + 104, "blob_toc_size"),
                (int) b.u32(offset + 108, "ci_compressor"),
                b.u64(offset + 112, "ci_offset"),
                b.u64(offset + 120, "ci_compressed_size"),
                b.u64(offset + 128, "ci_uncompressed_size"));
        if (e.chunkCount > MAX_CHUNKS) throw b.error(offset + 72, "chunk count " + e.chunkCount + " exceeds 2^24");
        if (e.uncompressedSize < 0 || e.uncompressedSize > MAX_UNCOMPRESSED_SIZE) {
            throw b.error(offset + 96, "uncompressed size " + e.uncompressedSize + " exceeds 2^44");
        }
        if (e.compressedSize < 0) throw b.error(offset + 88, "negative compressed size");
        if (!e.blobId.matches("[0-9a-f]{64}")) throw b.error(offset, "blob id '" + e.blobId + "' is not 64 hex digits");
        return e;
    }

    /** Writes the whole entry (blob id NUL-padded, reserved bytes zeroed); used by the builder. */
    public void write(ByteBuffer out, int offset) {
        byte[] id = blobId.getBytes(StandardCharsets.US_ASCII);
        if (id.length > 64) throw new IllegalArgumentException("blob id longer than 64 bytes: " + blobId);
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(offset + i, (byte) 0);
        b.put(offset, id)
                .putInt(offset + 64, (int) blobIndex)
                .putInt(offset + 68, (int) chunkSize)
                .putInt(offset + 72, (int) chunkCount)
                .putInt(offset + 76, compressionAlgo)
                .putInt(offset + 80, digestAlgo)
                .putInt(offset + 84, (int) features)
                .putLong(offset + 88, compressedSize)
                .putLong(offset + 96, uncompressedSize)
                .putInt(offset + 104, (int) tocSize)
                .putInt(offset + 108, ciCompressor)
                .putLong(offset + 112, ciOffset)
                .putLong(offset + 120, ciCompressedSize)
                .putLong(offset + 128, ciUncompressedSize);
    }
}
