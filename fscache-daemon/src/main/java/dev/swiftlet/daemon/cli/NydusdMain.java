package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.api.ApiSocket;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code scripts/nydusd}: a command tree holding only {@code singleton} (and
 * {@code --version}), because nydus-snapshotter gives the daemon 2 s to report RUNNING and building the whole
 * {@code swiftlet} tree (image tools included) costs a noticeable part of that on a small machine.
 */
@Command(
        name = "nydusd",
        mixinStandardHelpOptions = true,
        versionProvider = SwiftletCommand.Version.class,
        description = "Swiftlet as a nydusd drop-in (fscache mode).",
        subcommands = SingletonCommand.class)
public final class NydusdMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: singleton");
    }

    public static void main(String[] args) {
        ApiSocket early = EarlyApiSocket.bindFor(args);
        CommandLine cl = new CommandLine(new NydusdMain());
        if (early != null)
            ((SingletonCommand) cl.getSubcommands().get("singleton").getCommand()).earlyApiSocket = early;
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            if (Boolean.getBoolean("swiftlet.debug")) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        int code = cl.execute(args);
        if (early != null) {
            try {
                early.close(); // a no-op when the daemon took it over and closed it; else a usage error ended the run
            } catch (java.io.IOException e) {
                System.err.println("nydusd: cannot remove " + early.path() + ": " + e.getMessage());
            }
        }
        System.exit(code);
    }
}
