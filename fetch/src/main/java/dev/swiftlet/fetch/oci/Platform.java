package dev.swiftlet.fetch.oci;

import java.util.Locale;

/** {@code OS/ARCH[/VARIANT]}, as {@code --platform} and an index's {@code platform} objects name one. */
public record Platform(String os, String architecture, String variant) {
    public static Platform parse(String text) {
        String[] p = text.trim().split("/");
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new IllegalArgumentException("platform '" + text + "' is not OS/ARCH[/VARIANT] (e.g. linux/amd64)");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : null);
    }

    /** This host's, in Go's names (what image indexes use). */
    public static Platform host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return new Platform("linux", arch, null);
    }

    /** Whether an index entry's platform is this one (a variant is compared only when this one names one). */
    boolean matches(String os, String architecture, String variant) {
        return this.os.equals(os)
                && this.architecture.equals(architecture)
                && (this.variant == null || this.variant.equals(variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
