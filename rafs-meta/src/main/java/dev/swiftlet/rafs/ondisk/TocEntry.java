package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One 128-byte entry of a blob's table of contents (nydus {@code TocEntry}): which named part of the blob
 * ({@code image.blob}, {@code blob.meta}, {@code blob.digest}, {@code image.boot}...) lies where, how it is
 * compressed, and the sha256 of its uncompressed bytes. The 48 bytes after the sizes are reserved but not
 * always zero in real blobs (nydus 2.2 leaves 0xFFFF at byte 124), so they are kept and written back as read.
 */
public record TocEntry(
        long flags,
        String name,
        byte[] uncompressedDigest,
        long compressedOffset,
        long compressedSize,
        long uncompressedSize,
        byte[] reserved) {
    public static final int SIZE = 128;
    public static final long FLAG_NONE = 0x1, FLAG_ZSTD = 0x2, FLAG_LZ4_BLOCK = 0x4;

    public static TocEntry read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "ToC entry");
        return new TocEntry(
                b.u32(offset, "flags"),
                b.cString(offset + 8, 16, "name"),
                b.bytes(offset + 24, 32, "uncompressed_digest"),
                b.u64(offset + 56, "compressed_offset"),
                b.u64(offset + 64, "compressed_size"),
                b.u64(offset + 72, "uncompressed_size"),
                b.bytes(offset + 80, 48, "reserved2"));
    }

    public void write(ByteBuffer out, int offset) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(offset + i, (byte) 0);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 16 || uncompressedDigest.length != 32 || (reserved != null && reserved.length != 48))
            throw new IllegalArgumentException("bad ToC entry " + name);
        b.putInt(offset, (int) flags)
                .put(offset + 8, n)
                .put(offset + 24, uncompressedDigest)
                .putLong(offset + 56, compressedOffset)
                .putLong(offset + 64, compressedSize)
                .putLong(offset + 72, uncompressedSize);
        if (reserved != null) b.put(offset + 80, reserved);
    }
}
