package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.ApiSocket;
import dev.swiftlet.daemon.logging.LogLevels;
import dev.swiftlet.daemon.logging.LogSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swiftlet singleton}: nydusd's fscache-mode command line, so nydus-snapshotter can run Swiftlet as
 * its {@code nydusd_path} (through {@code scripts/nydusd}). Same flags, defaults and checks as nydusd
 * (spec A.1); runs the same {@link Daemon} with the cachefiles front end. {@code --frontend} (hidden) lets
 * tests on hosts without /dev/cachefiles use fanotify or none.
 */
@Command(
        name = "singleton",
        mixinStandardHelpOptions = true,
        versionProvider = SwiftletCommand.Version.class,
        description = "Run as nydusd does in fscache mode (nydus-snapshotter's nydusd_path).")
final class SingletonCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(SingletonCommand.class.getName());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-F", "--fscache"},
            paramLabel = "DIR",
            description = "Cache directory for cachefiles (must exist).")
    Path fscache;

    @Option(names = "--fscache-tag", paramLabel = "TAG", description = "cachefiles tag (needs --fscache).")
    String fscacheTag;

    @Option(
            names = "--fscache-threads",
            paramLabel = "N",
            defaultValue = "4",
            description =
                    "Worker threads for kernel requests, 1..1024 (default 4); read-ahead and prefetch get as many of their own.")
    int fscacheThreads;

    @Option(names = "--upgrade", description = "Do not bind /dev/cachefiles; wait for takeover from the supervisor.")
    boolean upgrade;

    @Option(names = "--id", paramLabel = "ID", description = "Daemon id (needs --supervisor).")
    String id;

    @Option(
            names = "--supervisor",
            paramLabel = "SOCK",
            description = "Supervisor socket for sendfd/takeover (needs --id).")
    Path supervisor;

    @Option(
            names = {"-A", "--apisock"},
            paramLabel = "SOCK",
            description = "Admin API socket (default /run/swiftlet/api.sock).")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(
            names = {"-l", "--log-level"},
            paramLabel = "LEVEL",
            defaultValue = "info",
            description = "trace, debug, info, warn, error.")
    String logLevel;

    @Option(
            names = {"-L", "--log-file"},
            paramLabel = "FILE",
            description = "Log to FILE instead of stderr.")
    Path logFile;

    @Option(
            names = "--log-rotation-size",
            paramLabel = "MB",
            defaultValue = "0",
            description = "Rotate the log file at MB MiB; 0 never.")
    long logRotationMiB;

    @Option(
            names = "--rlimit-nofile",
            paramLabel = "N",
            defaultValue = "1000000",
            description =
                    "Set the soft and hard limit of open files to N at start (capped as nydusd caps it); 0 leaves them.")
    long rlimitNofile;

    @Option(
            names = {"-C", "--config"},
            paramLabel = "FILE",
            description = "JSON {\"blobs\":[BlobCacheEntry…]} registered at start.")
    Path config;

    /** The socket {@link NydusdMain} bound before parsing, for {@link #apiSocket}; null: the daemon binds it. */
    ApiSocket earlyApiSocket;

    @CommandLine.Mixin
    CacheLimitOptions cacheLimit = new CacheLimitOptions();

    @Option(
            names = "--frontend",
            hidden = true,
            defaultValue = "cachefiles",
            description = "cachefiles (default), fanotify, auto or none.")
    String frontEnd;

    /** nydusd's checks, as picocli usage errors (exit 2) with messages that name the flag. */
    DaemonConfig validate() {
        if (fscache == null) throw usage("--fscache <DIR> is required (the cachefiles cache directory)");
        if (!Files.isDirectory(fscache)) throw usage("--fscache " + fscache + " must be an existing directory");
        if (fscacheThreads < 1 || fscacheThreads > 1024) {
            throw usage("--fscache-threads must be between 1 and 1024, got " + fscacheThreads);
        }
        if ((id == null) != (supervisor == null)) throw usage("--id and --supervisor must be given together");
        try {
            LogLevels.parse(logLevel);
        } catch (IllegalArgumentException e) {
            throw usage("--log-level: " + e.getMessage());
        }
        if (rlimitNofile < 0) throw usage("--rlimit-nofile must be 0 or more, got " + rlimitNofile);
        if (logRotationMiB < 0) throw usage("--log-rotation-size must be 0 or more MiB, got " + logRotationMiB);
        if (config != null && !Files.isRegularFile(config))
            throw usage("--config " + config + " is not a regular file");
        DaemonConfig.FrontEndKind kind;
        try {
            kind = DaemonConfig.FrontEndKind.valueOf(frontEnd.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--frontend must be cachefiles, fanotify, ublk, auto or none, got " + frontEnd);
        }
        return new DaemonConfig(
                kind,
                fscache,
                apiSocket,
                fscacheThreads,
                fscacheTag,
                id,
                supervisor,
                upgrade,
                config,
                cacheLimit.toLimit(spec.commandLine()));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        DaemonConfig cfg = validate();
        LogSetup.configure(logLevel, logFile, logRotationMiB << 20);
        OpenFilesLimit.apply(rlimitNofile);
        Daemon daemon = new Daemon(cfg);
        Thread hook = new Thread(
                () -> {
                    ServiceNotifier.stopping();
                    daemon.close();
                },
                "swiftlet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ApiSocket bound = earlyApiSocket;
        if (bound != null && !bound.path().equals(cfg.apiSocket()))
            bound = null; // parsed otherwise than the early scan
        daemon.start(bound);
        ProcessHandle.Info self = ProcessHandle.current().info();
        LOG.log(
                System.Logger.Level.INFO,
                "{0} with the API up {1,number,#} ms after exec (CPU {2,number,#} ms)",
                daemon.state(),
                self.startInstant()
                        .map(t -> java.time.Duration.between(t, java.time.Instant.now())
                                .toMillis())
                        .orElse(-1L),
                self.totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L));
        ServiceNotifier.ready("nydusd singleton " + daemon.state() + ", API " + cfg.apiSocket());
        return daemon.awaitStop() ? 1 : 0;
    }
}
