package dev.swiftlet.rafs.ondisk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 12-byte header of an inode's inline xattr area ({@code struct erofs_xattr_ibody_header}): a name
 * filter (0 when unused), a shared xattr count, and 7 reserved bytes; {@code sharedCount} u32 shared xattr
 * ids follow it, then the inline {@link XattrEntry entries}.
 */
public record XattrHeader(long nameFilter, int sharedCount) {
    public static final int SIZE = 12;

    public static XattrHeader read(ImageBytes b, long offset) throws dev.swiftlet.rafs.FormatException {
        b.require(offset, SIZE, "xattr ibody header");
        return new XattrHeader(b.u32(offset, "h_name_filter"), b.u8(offset + 4, "h_shared_count"));
    }

    public void write(ByteBuffer out, int offset) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset, (int) nameFilter).put(offset + 4, (byte) sharedCount);
        for (int i = 5; i < SIZE; i++) b.put(offset + i, (byte) 0);
    }
}
