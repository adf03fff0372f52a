package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.frontend.fanotify.GroupKeeper;
import dev.swiftlet.daemon.logging.LogSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet keeper --socket SOCK -- swiftlet daemon --frontend fanotify ...}: runs the daemon and keeps its
 * fanotify group alive across daemon crashes (restarting the daemon with the same command), so readers of unfilled
 * ranges wait instead of reading zeros. SIGTERM stops the daemon, then the keeper: unmount first.
 */
@Command(
        name = "keeper",
        mixinStandardHelpOptions = true,
        description = "Run a fanotify daemon and keep its group (and in-flight reads) alive across daemon restarts.")
final class KeeperCommand implements Callable<Integer> {
    @Option(
            names = "--socket",
            required = true,
            paramLabel = "SOCK",
            description = "Socket the daemon hands its group to.")
    Path socket;

    @Option(
            names = "--restart-delay-ms",
            defaultValue = "500",
            description = "Wait before restarting a daemon that exited (default 500).")
    long restartDelayMs;

    @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn, error.")
    String logLevel;

    @Parameters(arity = "1..*", paramLabel = "DAEMON-ARGV", description = "The daemon's command line, after '--'.")
    List<String> daemonArgv;

    @Override
    public Integer call() throws Exception {
        LogSetup.configure(logLevel);
        GroupKeeper keeper = new GroupKeeper(socket, daemonArgv, Duration.ofMillis(restartDelayMs));
        Runtime.getRuntime().addShutdownHook(new Thread(keeper::close, "swiftlet-keeper-shutdown"));
        return keeper.run();
    }
}
