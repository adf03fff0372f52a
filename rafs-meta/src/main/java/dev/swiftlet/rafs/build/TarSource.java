package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A tar archive (ustar, GNU long names, PAX headers with SCHILY.xattr.*). File contents stay in the
 * archive: entries point at their offset. A gzip archive is first inflated to a temporary file.
 */
final class TarSource implements TreeSource {
    private static final int BLOCK = 512;

    private final Path tar;
    private final Path tempCopy;

    private TarSource(Path tar, Path tempCopy) {
        this.tar = tar;
        this.tempCopy = tempCopy;
    }

    static TarSource open(Path src) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(src)) {
            if (in.readNBytes(magic, 0, 2) == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                Path tmp = Files.createTempFile("swiftlet-tar", ".tar");
                try (InputStream gz = new GZIPInputStream(Files.newInputStream(src), 1 << 16);
                     OutputStream out = Files.newOutputStream(tmp)) {
                    gz.transferTo(out);
                }
                return new TarSource(tmp, tmp);
            }
        }
        return new TarSource(src, null);
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        Map<String, String> globalPax = new HashMap<>();
        try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            Map<String, String> pax = new HashMap<>();
            String longName = null, longLink = null;
            ByteBuffer hb = ByteBuffer.allocate(BLOCK);
            while (pos + BLOCK <= size) {
                hb.clear();
                readFully(ch, hb, pos);
                byte[] h = hb.array();
                if (isZero(h)) break;
                verifyChecksum(h, pos);
                char type = (char) h[156];
                long entrySize = number(h, 124, 12, pos);
                long dataPos = pos + BLOCK;
                long next = dataPos + ((entrySize + BLOCK - 1) / BLOCK) * BLOCK;
                if (entrySize < 0 || dataPos + entrySize > size) {
                    throw new FormatException(tar.toString(), pos, "tar entry of " + entrySize + " bytes runs past the archive end");
                }
                switch (type) {
                    case 'x', 'g' -> {
                        if (entrySize > (16 << 20)) throw new FormatException(tar.toString(), pos, "PAX header too large");
                        Map<String, String> parsed = parsePax(read(ch, dataPos, (int) entrySize), pos);
                        (type == 'x' ? pax : globalPax).putAll(parsed);
                    }
                    case 'L' -> longName = cstring(read(ch, dataPos, (int) Math.min(entrySize, 1 << 16)));
                    case 'K' -> longLink = cstring(read(ch, dataPos, (int) Math.min(entrySize, 1 << 16)));
                    default -> {
                        Map<String, String> p = new HashMap<>(globalPax);
                        p.putAll(pax);
                        out.add(entry(h, type, pos, dataPos, entrySize, p, longName, longLink));
                        pax.clear();
                        longName = longLink = null;
                    }
                }
                pos = next;
            }
        }
        return out;
    }

    private SourceEntry entry(byte[] h, char type, long pos, long dataPos, long size, Map<String, String> pax,
                              String longName, String longLink) throws FormatException {
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
            if (k.startsWith("SCHILY.xattr.")) xattrs.put(k.substring("SCHILY.xattr.".length()), v.getBytes(StandardCharsets.ISO_8859_1));
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
            default -> throw new FormatException(tar.toString(), pos, "unsupported tar entry type '" + type + "' for " + name);
        };
        int major = (int) number(h, 329, 8, pos), minor = (int) number(h, 337, 8, pos);
        return new SourceEntry(path, t, perm, uid, gid, sec, nsec, t == SourceEntry.Type.REGULAR ? size : 0,
                t == SourceEntry.Type.HARDLINK ? normalize(link) : link, major, minor, xattrs,
                t == SourceEntry.Type.REGULAR ? new SourceEntry.Content(tar, dataPos) : null);
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
                throw new FormatException(tar.toString(), pos, "bad PAX record length");
            }
            if (len <= sp - i || i + len > data.length) throw new FormatException(tar.toString(), pos, "bad PAX record");
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
            if (b < '0' || b > '7') throw new FormatException(tar.toString(), pos + off, "bad octal number in tar header");
            v = (v << 3) | (b - '0');
            any = true;
        }
        return v;
    }

    private void verifyChecksum(byte[] h, long pos) throws FormatException {
        long stored = number(h, 148, 8, pos);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        if (sum != stored) throw new FormatException(tar.toString(), pos, "tar header checksum mismatch");
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

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        readFully(ch, b, pos);
        return b.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) throw new IOException("unexpected end of tar");
        }
    }

    @Override
    public void close() throws IOException {
        if (tempCopy != null) Files.deleteIfExists(tempCopy);
    }
}
