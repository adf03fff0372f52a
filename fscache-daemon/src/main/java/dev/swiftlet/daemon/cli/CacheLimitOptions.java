package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.cache.ByteSize;
import dev.swiftlet.daemon.cache.CacheLimit;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --cache-size} and {@code --cache-grace}, shared by {@code swiftlet daemon} and {@code swiftlet singleton}. */
final class CacheLimitOptions {
    @Option(
            names = "--cache-size",
            paramLabel = "BYTES",
            description =
                    "Keep the cache directory under BYTES (a count, or"
                            + " K, M, G, T: powers of 1024): least recently used data not in use is evicted (fanotify front end). Default: no limit.")
    String cacheSize;

    @Option(
            names = "--cache-grace",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "With --cache-size: cache"
                    + " files no registered image references are deleted this long after start (default 600; the snapshotter re-binds"
                    + " its images after a restart).")
    long graceSeconds;

    /** The limit, or null without {@code --cache-size}; a usage error (exit 2) naming the flag for bad values. */
    CacheLimit toLimit(CommandLine commandLine) {
        if (cacheSize == null) return null;
        if (graceSeconds < 0)
            throw new CommandLine.ParameterException(
                    commandLine, "--cache-grace must be 0 or more seconds, got " + graceSeconds);
        long bytes;
        try {
            bytes = ByteSize.parse(cacheSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--cache-size: " + e.getMessage());
        }
        if (bytes < (1L << 20)) {
            throw new CommandLine.ParameterException(
                    commandLine, "--cache-size must be at least 1M (one chunk), got " + cacheSize);
        }
        return CacheLimit.of(bytes, Duration.ofSeconds(graceSeconds));
    }
}
