package dev.swiftlet.daemon.cli;

/** Entry point of the executable jar (see the {@code ./swiftlet} launcher). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(SwiftletCommand.newCommandLine().execute(args));
    }
}
