package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian, bounds-checked reads at absolute offsets of an image (bootstrap or blob meta). Every
 * read past the end becomes a {@link FormatException} naming the resource, the offset and what was being
 * read, never an index error.
 */
public final class ImageBytes {
    private final ByteBuffer buf;
    private final String resource;

    public ImageBytes(ByteBuffer buf, String resource) {
        this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }

    public long size() {
        return buf.limit();
    }

    /** Fails unless {@code [offset, offset+length)} lies inside the image. */
    public void require(long offset, long length, String what) throws FormatException {
        if (offset < 0 || length < 0 || offset > buf.limit() - length) {
            throw new FormatException(
                    resource,
                    offset,
                    what + " (" + length + " bytes) lies outside the image of " + buf.limit() + " bytes");
        }
    }

    public int u8(long offset, String what) throws FormatException {
        require(offset, 1, what);
        return Byte.toUnsignedInt(buf.get((int) offset));
    }

    public int u16(long offset, String what) throws FormatException {
        require(offset, 2, what);
        return Short.toUnsignedInt(buf.getShort((int) offset));
    }

    public long u32(long offset, String what) throws FormatException {
        require(offset, 4, what);
        return Integer.toUnsignedLong(buf.getInt((int) offset));
    }

    public long u64(long offset, String what) throws FormatException {
        require(offset, 8, what);
        return buf.getLong((int) offset);
    }

    public byte[] bytes(long offset, int length, String what) throws FormatException {
        require(offset, length, what);
        byte[] out = new byte[length];
        buf.get((int) offset, out);
        return out;
    }

    /** A slice sharing the bytes (positions 0..length). */
    public ByteBuffer slice(long offset, long length, String what) throws FormatException {
        require(offset, length, what);
        return buf.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A NUL-terminated (or full-width) ASCII field. */
    public String cString(long offset, int width, String what) throws FormatException {
        byte[] b = bytes(offset, width, what);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    public FormatException error(long offset, String what) {
        return new FormatException(resource, offset, what);
    }
}
