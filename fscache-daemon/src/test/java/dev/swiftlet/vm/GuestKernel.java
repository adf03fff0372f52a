package dev.swiftlet.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel an in-VM test runs on: VmSuiteTest boots Linux 6.12 for every in-VM test and 6.1 for some of them, and a
 * test whose expectation differs between the two (a feature that came after 6.1) asks here instead of guessing.
 */
public final class GuestKernel {
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)(?:[.+\\-].*)?$");

    private GuestKernel() {}

    /** The running kernel's release, as {@code uname -r} prints it (say {@code 6.1.192}). */
    public static String release() {
        try {
            return Files.readString(OSRELEASE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel release from " + OSRELEASE, e);
        }
    }

    /** The running kernel's series, major.minor ({@code 6.1}, {@code 6.12}). */
    public static String series() {
        return series(release());
    }

    /** Whether the running kernel is major.minor or newer. */
    public static boolean atLeast(int major, int minor) {
        return atLeast(release(), major, minor);
    }

    static String series(String release) {
        Matcher m = parse(release);
        return m.group(1) + "." + m.group(2);
    }

    static boolean atLeast(String release, int major, int minor) {
        Matcher m = parse(release);
        int gotMajor = Integer.parseInt(m.group(1));
        return gotMajor != major ? gotMajor > major : Integer.parseInt(m.group(2)) >= minor;
    }

    private static Matcher parse(String release) {
        Matcher m = MAJOR_MINOR.matcher(release);
        if (!m.matches())
            throw new IllegalArgumentException("not a kernel release (want MAJOR.MINOR[...]): '" + release + "'");
        return m;
    }
}
