package dev.swiftlet.daemon.cli;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * {@code --rlimit-nofile N}, applied at start as nydusd does (src/bin/nydusd/main.rs
 * {@code handle_rlimit_nofile_option}): 0 leaves the limit alone; otherwise the ceiling is {@code fs.file-max} less
 * 16384 kept for the rest of the system, at most 1,000,000, or the current soft limit when that is higher; soft and
 * hard limits are both set to {@code min(N, ceiling)} (which may lower them). A {@code fs.file-max} under 32768 stops
 * the start, as it stops nydusd. Where raising the hard limit is refused (no CAP_SYS_RESOURCE, as in many containers)
 * nydusd stops too; Swiftlet instead raises the soft limit as far as the hard one allows and says so, since a lower
 * descriptor limit is no reason to leave the snapshotter without a daemon.
 */
final class OpenFilesLimit {
    private static final System.Logger LOG = System.getLogger(OpenFilesLimit.class.getName());
    /** nydusd's RLIMIT_NOFILE_RESERVED and RLIMIT_NOFILE_MAX. */
    static final long RESERVED = 16384;

    static final long MAX = 1_000_000;
    private static final Path FILE_MAX = Path.of("/proc/sys/fs/file-max");

    private OpenFilesLimit() {}

    /**
     * The soft and hard limit nydusd sets for {@code requested}, given {@code fs.file-max} and the current soft limit
     * (RLIM_INFINITY as -1); empty for 0. Throws when {@code fs.file-max} is too low.
     */
    static OptionalLong target(long requested, long fileMax, long currentSoft) {
        if (requested == 0) return OptionalLong.empty();
        if (fileMax < 2 * RESERVED) {
            throw new IllegalStateException(
                    "The fs.file-max sysctl (" + fileMax + ") is too low to allow a reasonable number of open files");
        }
        long ceiling = Math.min(fileMax - RESERVED, MAX);
        if (Long.compareUnsigned(currentSoft, ceiling) >= 0) ceiling = currentSoft;
        return OptionalLong.of(Long.compareUnsigned(requested, ceiling) <= 0 ? requested : ceiling);
    }

    /** Applies {@code --rlimit-nofile requested} to this process. */
    static void apply(long requested) throws IOException {
        if (requested == 0) return;
        long fileMax;
        try {
            // readAllLines, not readString: JDK 25's readString trusts the size procfs reports (0) and returns one byte
            fileMax = Long.parseLong(Files.readAllLines(FILE_MAX).getFirst().trim());
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            throw new IOException("--rlimit-nofile: invalid content in " + FILE_MAX, e);
        }
        ResourceLimits.Limit now = ResourceLimits.openFiles();
        long n;
        try {
            n = target(requested, fileMax, now.soft()).orElseThrow();
        } catch (IllegalStateException e) {
            throw new IOException("--rlimit-nofile " + requested + ": " + e.getMessage(), e);
        }
        try {
            ResourceLimits.setOpenFiles(new ResourceLimits.Limit(n, n));
        } catch (NativeException e) {
            if (e.errno() != Errno.EPERM)
                throw new IOException("--rlimit-nofile " + requested + ": " + e.getMessage(), e);
            long soft = Long.compareUnsigned(n, now.hard()) <= 0 ? n : now.hard();
            ResourceLimits.setOpenFiles(new ResourceLimits.Limit(soft, now.hard()));
            LOG.log(
                    System.Logger.Level.WARNING,
                    "--rlimit-nofile {0}: raising the hard limit of open files to {1} was "
                            + "refused (it needs CAP_SYS_RESOURCE); soft limit set to {2}, hard limit left at {3}",
                    Long.toString(requested),
                    Long.toString(n),
                    Long.toUnsignedString(soft),
                    Long.toUnsignedString(now.hard()));
            return;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "open files limit set to {0} (was soft {1}, hard {2}; fs.file-max {3})",
                Long.toString(n),
                Long.toUnsignedString(now.soft()),
                Long.toUnsignedString(now.hard()),
                Long.toString(fileMax));
    }
}
