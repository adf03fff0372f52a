package dev.swiftlet.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swiftlet image ...}: build, convert, inspect and check RAFS v6 images without a daemon or a kernel. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Build, inspect and check RAFS v6 images.",
        subcommands = {
            ImageBuildCommand.class,
            ImageConvertCommand.class,
            ImageInspectCommand.class,
            ImageCheckCommand.class,
            ImageUnpackBlobCommand.class,
        })
final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
