package dev.swiftlet.fetch;

/**
 * Checks blob ids before they become file names or URL paths. Ids arrive from bootstraps and API requests,
 * so an id like {@code ../../etc/shadow} must never reach {@code Path.resolve} or a registry URL.
 */
public final class BlobIds {
    /** Longest id accepted: a file name on ext4/xfs. */
    public static final int MAX_LENGTH = 255;

    private BlobIds() {}

    /** Returns {@code id} when it is one safe path component, else throws {@link IllegalArgumentException}. */
    public static String check(String id) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("blob id is empty");
        if (id.length() > MAX_LENGTH) throw new IllegalArgumentException("blob id longer than " + MAX_LENGTH + " characters");
        if (id.equals(".") || id.equals("..")) throw new IllegalArgumentException("blob id '" + id + "' is not a file name");
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("blob id contains a forbidden character (0x"
                        + Integer.toHexString(c) + ") at " + i);
            }
        }
        return id;
    }
}
