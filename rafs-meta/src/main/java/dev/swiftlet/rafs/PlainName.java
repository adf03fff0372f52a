package dev.swiftlet.rafs;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for names that arrive from bootstraps, API requests, config files and the command line and then
 * become file names (a blob file, a cache file), URL path segments or mount options ({@code domain_id=},
 * {@code device=}): a plain name, so that {@code ../../etc/shadow} never reaches {@code Path.resolve} and
 * {@code a,fsid=b} never reaches mount(2). Not empty, at most 255 bytes of UTF-8 (a file name on ext4/xfs), not
 * {@code .} or {@code ..}, and no {@code /}, {@code \}, {@code ,} or control character (NUL, newline, DEL...).
 * Blob ids (sha256 hex), image ids and domain ids as nydus-snapshotter writes them all pass.
 */
public final class PlainName {
    public static final int MAX_BYTES = 255;

    private PlainName() {}

    /** Returns {@code value} when it is a plain name, else throws an IllegalArgumentException saying why. */
    public static String check(String what, String value) {
        String why = problem(value);
        if (why != null) {
            throw new IllegalArgumentException(what + " '" + (value == null ? "null" : printable(value))
                    + "' is not allowed: " + why + " (a plain name: no '/', '\\', ',', '..', control characters;"
                    + " at most " + MAX_BYTES + " bytes)");
        }
        return value;
    }

    /** Why {@code value} is not a plain name, or null when it is one. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) return "it is empty";
        if (value.equals(".") || value.equals("..")) return "it names a directory";
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)
            return "it is longer than " + MAX_BYTES + " bytes";
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c == ',' || c < 0x20 || c == 0x7f) {
                return "it contains "
                        + (c < 0x20 || c == 0x7f ? "control character 0x" + Integer.toHexString(c) : "'" + c + "'")
                        + " at " + i;
            }
        }
        return null;
    }

    private static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(c == 0 ? "\\0" : String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
