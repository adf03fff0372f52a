package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.api.VersionInfo;
import picocli.CommandLine.Command;

/** {@code swiftlet version}: the same text as {@code --version}, in nydusd's format. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print version and git commit (nydusd --version format).")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(VersionInfo.current().nydusdFormat());
    }
}
