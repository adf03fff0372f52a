package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 4-byte head of one xattr entry ({@code struct erofs_xattr_entry}): name length, name prefix index,
 * value size; the name (without its prefix) and the value follow, and the whole entry is padded to 4 bytes.
 */
public record XattrEntry(int nameLength, int nameIndex, int valueSize) {
    public static final int SIZE = 4;
    public static final int INDEX_USER = 1,
            INDEX_POSIX_ACL_ACCESS = 2,
            INDEX_POSIX_ACL_DEFAULT = 3,
            INDEX_TRUSTED = 4,
            INDEX_LUSTRE = 5,
            INDEX_SECURITY = 6;

    public static XattrEntry read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "xattr entry");
        return new XattrEntry(
                b.u8(offset, "e_name_len"), b.u8(offset + 1, "e_name_index"), b.u16(offset + 2, "e_value_size"));
    }

    public void write(ByteBuffer out, int offset) {
        out.duplicate()
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(offset, (byte) nameLength)
                .put(offset + 1, (byte) nameIndex)
                .putShort(offset + 2, (short) valueSize);
    }

    /** Bytes the entry occupies: head, name and value, rounded up to 4. */
    public int alignedSize() {
        return (SIZE + nameLength + valueSize + 3) & ~3;
    }
}
