package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.logging.LogSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swiftlet daemon}: serve registered images to EROFS until SIGTERM/SIGINT. */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the daemon (front end + admin API).")
final class DaemonCommand implements Callable<Integer> {
    @Option(
            names = "--frontend",
            defaultValue = "auto",
            description =
                    "cachefiles, fanotify, ublk, auto (default: the first of these three the kernel has) or none.")
    String frontEnd;

    @Option(
            names = "--fscache",
            required = true,
            paramLabel = "DIR",
            description = "Cache directory (ext4/xfs/btrfs for fanotify).")
    Path cacheDir;

    @Option(
            names = "--apisock",
            paramLabel = "SOCK",
            description = "Admin API socket (default /run/swiftlet/api.sock).")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(
            names = "--threads",
            defaultValue = "8",
            description = "Worker threads for kernel requests (read-ahead and prefetch get as many of their own).")
    int threads;

    @Option(names = "--tag", description = "cachefiles tag.")
    String tag;

    @Option(names = "--id", description = "Daemon id reported by the API.")
    String id;

    @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn, error.")
    String logLevel;

    @picocli.CommandLine.Mixin
    CacheLimitOptions cacheLimit = new CacheLimitOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--keeper",
            paramLabel = "SOCK",
            description = "fanotify: the socket of the 'swiftlet keeper' that holds"
                    + " the group across daemon restarts (a keeper sets this itself for the daemon it starts).")
    Path keeper;

    @Override
    public Integer call() throws Exception {
        LogSetup.configure(logLevel);
        if (keeper != null)
            System.setProperty(
                    dev.swiftlet.daemon.frontend.fanotify.GroupKeeper.SOCKET_PROPERTY,
                    keeper.toAbsolutePath().toString());
        DaemonConfig.FrontEndKind kind = DaemonConfig.FrontEndKind.valueOf(frontEnd.toUpperCase(java.util.Locale.ROOT));
        Daemon daemon = new Daemon(new DaemonConfig(kind, cacheDir, apiSocket, threads, tag, id)
                .withCacheLimit(cacheLimit.toLimit(spec.commandLine())));
        // SIGTERM and SIGINT run shutdown hooks: stop cleanly (API first, then the front end).
        Thread hook = new Thread(
                () -> {
                    ServiceNotifier.stopping();
                    daemon.close();
                },
                "swiftlet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.start();
        ServiceNotifier.ready(
                "serving with front end " + daemon.config().frontEnd().name().toLowerCase(java.util.Locale.ROOT)
                        + ", API " + daemon.config().apiSocket());
        return daemon.awaitStop() ? 1 : 0;
    }
}
