package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.FormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar archive front to back (ustar, GNU long names, PAX headers with SCHILY.xattr.*), one entry at a
 * time, from a stream: a file or a layer as it downloads. {@link #next()} returns entries without content; a
 * regular file's bytes are {@link #content()} until the next call, which skips whatever was not read.
 */
final class TarStream {
    static final int BLOCK = 512;

    private final InputStream in;
    private final String resource;
    private final long knownSize;
    private long pos;
    private long remaining;
    private long padding;
    private long dataOffset;

    /** {@code knownSize}: the archive's length when known (an entry running past it is refused), else -1. */
    TarStream(InputStream in, String resource, long knownSize) {
        this.in = in;
        this.resource = resource;
        this.knownSize = knownSize;
    }

    /** Where the current entry's data starts in the archive. */
    long dataOffset() {
        return dataOffset;
    }

    /** The next entry (its content is {@link #content()}), or null at the end of the archive. */
    SourceEntry next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        Map<String, String> globalPax = new HashMap<>();
        Map<String, String> pax = new HashMap<>();
        String longName = null, longLink = null;
        byte[] h = new byte[BLOCK];
        while (true) {
            long headerPos = pos;
            int got = in.readNBytes(h, 0, BLOCK);
            pos += got;
            if (got == 0 || (got == BLOCK && isZero(h))) return null;
            if (got < BLOCK) throw new FormatException(resource, headerPos, "tar ends inside a header");
            verifyChecksum(h, headerPos);
            char type = (char) h[156];
            long size = number(h, 124, 12, headerPos);
            if (size < 0 || (knownSize >= 0 && pos + size > knownSize)) {
                throw new FormatException(
                        resource, headerPos, "tar entry of " + size + " bytes runs past the archive end");
            }
            long pad = (BLOCK - size % BLOCK) % BLOCK;
            switch (type) {
                case 'x', 'g' -> {
                    if (size > (16 << 20)) throw new FormatException(resource, headerPos, "PAX header too large");
                    Map<String, String> parsed = parsePax(read((int) size), headerPos);
                    (type == 'x' ? pax : globalPax).putAll(parsed);
                    skip(pad);
                }
                case 'L', 'K' -> {
                    if (size > (1 << 16)) throw new FormatException(resource, headerPos, "GNU long name too long");
                    String s = cstring(read((int) size));
                    if (type == 'L') longName = s;
                    else longLink = s;
                    skip(pad);
                }
                default -> {
                    Map<String, String> p = new HashMap<>(globalPax);
                    p.putAll(pax);
                    SourceEntry e = entry(h, type, headerPos, size, p, longName, longLink);
                    dataOffset = pos;
                    remaining = size;
                    padding = pad;
                    return e;
                }
            }
        }
    }

    /** The current entry's data: at most its size, and an early end of the archive is an error. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new FormatException(resource, pos, "tar ends inside an entry's data");
                remaining -= n;
                pos += n;
                return n;
            }
        };
    }

    /** Reads what follows the archive's end marker, so that a digest over the whole stream sees every byte. */
    void drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
            // nothing: trailing blocks
        }
    }

    private SourceEntry entry(
            byte[] h, char type, long pos, long size, Map<String, String> pax, String longName, String longLink)
            throws IOException {
        String name = pax.getOrDefault("path", longName != null ? longName : ustarName(h));
        String link = pax.getOrDefault("linkpath", longLink != null ? longLink : cstring(slice(h, 157, 100)));
        if (pax.containsKey("size")) size = Long.parseLong(pax.get("size"));
        long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : number(h, 108, 8, pos);
        long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : number(h, 116, 8, pos);
        long sec;
        int nsec = 0;
        if (pax.containsKey("mtime")) {
            BigDecimal t = new BigDecimal(pax.get("mtime"));
            sec = t.longValue();
            nsec = t.subtract(BigDecimal.valueOf(sec)).movePointRight(9).intValue();
        } else {
            sec = number(h, 136, 12, pos);
        }
        int perm = (int) (number(h, 100, 8, pos) & 07777);
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr."))
                xattrs.put(k.substring("SCHILY.xattr.".length()), v.getBytes(StandardCharsets.ISO_8859_1));
        });
        String path = normalize(name);
        SourceEntry.Type t = switch (type) {
            case '0', '\0', '7' -> name.endsWith("/") ? SourceEntry.Type.DIRECTORY : SourceEntry.Type.REGULAR;
            case '1' -> SourceEntry.Type.HARDLINK;
            case '2' -> SourceEntry.Type.SYMLINK;
            case '3' -> SourceEntry.Type.CHAR_DEVICE;
            case '4' -> SourceEntry.Type.BLOCK_DEVICE;
            case '5' -> SourceEntry.Type.DIRECTORY;
            case '6' -> SourceEntry.Type.FIFO;
            default ->
                throw new FormatException(resource, pos, "unsupported tar entry type '" + type + "' for " + name);
        };
        int major = (int) number(h, 329, 8, pos), minor = (int) number(h, 337, 8, pos);
        return new SourceEntry(
                path,
                t,
                perm,
                uid,
                gid,
                sec,
                nsec,
                t == SourceEntry.Type.REGULAR ? size : 0,
                t == SourceEntry.Type.HARDLINK ? normalize(link) : link,
                major,
                minor,
                xattrs,
                null);
    }

    /** "./a/b/" and "/a/b" become "a/b"; ".." components are refused (a tar must not escape its root). */
    static String normalize(String name) throws FormatException {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) throw new FormatException("tar", -1, "entry '" + name + "' contains '..'");
            parts.add(p);
        }
        return String.join("/", parts);
    }

    private static String ustarName(byte[] h) {
        String name = cstring(slice(h, 0, 100));
        String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
        if (magic.equals("ustar") && h[263] == '0') { // POSIX ustar: prefix field
            String prefix = cstring(slice(h, 345, 155));
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name;
    }

    private Map<String, String> parsePax(byte[] data, long pos) throws FormatException {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < data.length) {
            int sp = i;
            while (sp < data.length && data[sp] != ' ') sp++;
            if (sp >= data.length) break;
            int len;
            try {
                len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new FormatException(resource, pos, "bad PAX record length");
            }
            if (len <= sp - i || i + len > data.length) throw new FormatException(resource, pos, "bad PAX record");
            int eq = sp + 1;
            while (eq < i + len && data[eq] != '=') eq++;
            String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
            // xattr values are binary: keep bytes as ISO-8859-1 chars so they round-trip
            String value = key.startsWith("SCHILY.xattr.")
                    ? new String(data, eq + 1, i + len - eq - 2, StandardCharsets.ISO_8859_1)
                    : new String(data, eq + 1, i + len - eq - 2, StandardCharsets.UTF_8);
            out.put(key, value);
            i += len;
        }
        return out;
    }

    private long number(byte[] h, int off, int len, long pos) throws FormatException {
        if ((h[off] & 0x80) != 0) { // base-256 (GNU)
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) v = (v << 8) | (h[off + i] & 0xff);
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || (b == ' ' && any)) break;
            if (b == ' ') continue;
            if (b < '0' || b > '7') throw new FormatException(resource, pos + off, "bad octal number in tar header");
            v = (v << 3) | (b - '0');
            any = true;
        }
        return v;
    }

    private void verifyChecksum(byte[] h, long pos) throws FormatException {
        long stored = number(h, 148, 8, pos);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        if (sum != stored) throw new FormatException(resource, pos, "tar header checksum mismatch");
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    private static byte[] slice(byte[] h, int off, int len) {
        return java.util.Arrays.copyOfRange(h, off, off + len);
    }

    private static String cstring(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private byte[] read(int len) throws IOException {
        byte[] b = in.readNBytes(len);
        pos += b.length;
        if (b.length < len) throw new FormatException(resource, pos, "tar ends inside an entry");
        return b;
    }

    /**
     * Skips by seeking in an archive of known size (a file); a stream of unknown size is read through instead, so
     * that a digest computed over it (a layer's diff_id) sees every byte: {@code DigestInputStream} skips uncounted.
     */
    private void skip(long n) throws IOException {
        try {
            if (knownSize >= 0) {
                in.skipNBytes(n);
            } else {
                byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
                for (long left = n; left > 0; ) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) throw new EOFException();
                    left -= r;
                }
            }
        } catch (EOFException e) {
            throw new FormatException(resource, pos, "tar ends inside an entry");
        }
        pos += n;
    }
}
