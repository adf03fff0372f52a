package dev.swiftlet.daemon.cache;

import java.util.Locale;

/** Byte counts as operators write them: {@code 1073741824}, {@code 512M}, {@code 10G} (K, M, G, T: powers of 1024). */
public final class ByteSize {
    private ByteSize() {}

    /** Parses {@code text}; a clear {@link IllegalArgumentException} for anything else. */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) t = t.substring(0, t.length() - 2); // 10GiB
        else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2)))
            t = t.substring(0, t.length() - 1);
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: give bytes, or a whole number with K, M, G or T (powers of 1024)");
        }
        try {
            long n = Long.parseLong(digits);
            if (n > (Long.MAX_VALUE >> shift)) throw new NumberFormatException();
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }
}
