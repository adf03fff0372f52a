package dev.swiftlet.daemon.cli;

import picocli.CommandLine.Command;

/** Placeholder until the rafs-meta work lands; replaced by the real command. */
@Command(name = "build", description = "(not implemented yet)")
final class ImageBuildCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swiftlet image build: not implemented yet");
        return 2;
    }
}
