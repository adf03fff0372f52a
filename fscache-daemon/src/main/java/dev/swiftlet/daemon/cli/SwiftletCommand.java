package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.api.VersionInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command. Each subcommand is its own class; add new ones to {@code subcommands} below.
 */
@Command(
        name = "swiftlet",
        mixinStandardHelpOptions = true,
        versionProvider = SwiftletCommand.Version.class,
        description = "Serve Nydus RAFS v6 images to in-kernel EROFS on demand.",
        subcommands = {
            VersionCommand.class,
            ImageCommand.class,
            DaemonCommand.class,
            KeeperCommand.class,
            SingletonCommand.class,
            MountCommand.class,
            UmountCommand.class,
            StatsCommand.class,
            AccessedCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class SwiftletCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SwiftletCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            if (Boolean.getBoolean("swiftlet.debug")) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionInfo.current().nydusdFormat().split("\n");
        }
    }
}
