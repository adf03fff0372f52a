package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 512-byte GNU tar header that a native Nydus blob puts AFTER each part ("image.blob", "blob.meta",
 * "rafs.blob.toc"...), so the blob reads as a tar archive backwards. Only the fields Nydus uses are kept:
 * name, size, type flag; the header checksum is verified on read and computed on write.
 */
public record TarHeader(String name, long size, char typeFlag) {
    public static final int SIZE = 512;
    private static final byte[] GNU_MAGIC = "ustar  \0".getBytes(StandardCharsets.US_ASCII);

    public static TarHeader read(ImageBytes b, long offset) throws FormatException {
        byte[] h = b.bytes(offset, SIZE, "tar header");
        long stored = octal(b, offset, h, 148, 8, "chksum");
        if (stored != checksum(h)) throw b.error(offset + 148, "tar header checksum " + stored + " != " + checksum(h));
        return new TarHeader(b.cString(offset, 100, "tar name"), octal(b, offset, h, 124, 12, "size"), (char) h[156]);
    }

    public void write(ByteBuffer out, int offset) {
        byte[] h = new byte[SIZE];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) throw new IllegalArgumentException("tar name too long: " + name);
        System.arraycopy(n, 0, h, 0, n.length);
        putOctal(h, 100, 8, 0644);
        putOctal(h, 108, 8, 0);
        putOctal(h, 116, 8, 0);
        putOctal(h, 124, 12, size);
        putOctal(h, 136, 12, 0);
        h[156] = (byte) typeFlag;
        System.arraycopy(GNU_MAGIC, 0, h, 257, GNU_MAGIC.length);
        putOctal(h, 148, 7, checksum(h));
        h[155] = ' ';
        out.put(offset, h);
    }

    /** Sum of all header bytes with the checksum field read as eight spaces. */
    static long checksum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < SIZE; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        return sum;
    }

    private static long octal(ImageBytes b, long base, byte[] h, int at, int width, String field)
            throws FormatException {
        long v = 0;
        int i = at, end = at + width;
        while (i < end && h[i] == ' ') i++;
        int digits = 0;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++, digits++) {
            if (digits >= 21) throw b.error(base + at, "tar " + field + " field overflows");
            v = v * 8 + (h[i] - '0');
        }
        if (digits == 0) throw b.error(base + at, "tar " + field + " field is not octal");
        return v;
    }

    /** width-1 octal digits, zero-padded, then NUL. */
    private static void putOctal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > width - 1) throw new IllegalArgumentException("value " + value + " too large for tar field");
        s = "0".repeat(width - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, width - 1);
        h[at + width - 1] = 0;
    }
}
