package dev.swiftlet.daemon;

import dev.swiftlet.daemon.cache.CacheLimit;
import java.nio.file.Path;

/**
 * Everything {@link Daemon} needs, filled from the {@code swiftlet daemon} flags.
 *
 * @param frontEnd which kernel path serves the images
 * @param cacheDir {@code --fscache}: cache files live here (ext4/xfs/btrfs for fanotify)
 * @param apiSocket {@code --apisock}
 * @param threads worker threads for blocking work (fills, API requests)
 * @param tag cachefiles tag ({@code --tag}); null for the default
 * @param id daemon id reported by {@code GET /api/v1/daemon}
 * @param supervisor {@code --supervisor}: the socket {@code sendfd}/{@code takeover} talk to; null when fail-over is off
 * @param upgrade {@code --upgrade}: do not bind a front end; wait in INIT for a takeover
 * @param configFile {@code --config}: nydusd {@code {"blobs":[…]}} registered at start; null for none
 * @param cacheLimit {@code --cache-size} and {@code --cache-grace}: keep the cache directory under a size; null: no limit
 */
public record DaemonConfig(
        FrontEndKind frontEnd,
        Path cacheDir,
        Path apiSocket,
        int threads,
        String tag,
        String id,
        Path supervisor,
        boolean upgrade,
        Path configFile,
        CacheLimit cacheLimit) {
    public static final Path DEFAULT_API_SOCKET = Path.of("/run/swiftlet/api.sock");

    public DaemonConfig {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (apiSocket == null) apiSocket = DEFAULT_API_SOCKET;
        if (id == null) id = "swiftlet-" + ProcessHandle.current().pid();
    }

    /** A daemon without fail-over, upgrade, config file or cache limit ({@code swiftlet daemon}, tests). */
    public DaemonConfig(FrontEndKind frontEnd, Path cacheDir, Path apiSocket, int threads, String tag, String id) {
        this(frontEnd, cacheDir, apiSocket, threads, tag, id, null, false, null, null);
    }

    /** This configuration with {@code limit} as its cache limit. */
    public DaemonConfig withCacheLimit(CacheLimit limit) {
        return new DaemonConfig(
                frontEnd, cacheDir, apiSocket, threads, tag, id, supervisor, upgrade, configFile, limit);
    }

    /** {@code --frontend}. {@code NONE} serves the API only (tests, dry runs). */
    public enum FrontEndKind {
        CACHEFILES,
        FANOTIFY,
        UBLK,
        AUTO,
        NONE
    }
}
